"""The key projects' timeline: the year each is due against the date it was reached."""

import datetime

import pytest

from dashboards.selectors import MilestoneRow
from targets.models import Milestone, MilestoneStatus
from tests.dashboards.dashboards import data_state

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2017, 6, 1)


def row(year=2017, status=MilestoneStatus.NOT_STARTED, reached_on=None, today=TODAY):
    milestone = Milestone(title="x", year=year, status=status, reached_on=reached_on)
    return MilestoneRow(milestone, year, today)


def test_done_within_its_year_is_on_time():
    assert row(status=MilestoneStatus.DONE, reached_on=datetime.date(2017, 12, 31)).state == "met"


def test_done_the_year_after_is_late():
    done = row(status=MilestoneStatus.DONE, reached_on=datetime.date(2018, 1, 1), today=datetime.date(2019, 1, 1))
    assert done.state == "in_range" and done.state_label == "逾期完成"


def test_open_within_its_year_is_in_progress():
    assert row(status=MilestoneStatus.IN_PROGRESS).state_label == "推进中"


def test_open_after_its_year_is_overdue():
    assert row(today=datetime.date(2018, 1, 1)).state == "overdue"


def test_timeline_groups_the_plans_milestones_by_due_year(client, leader, plan):
    Milestone.objects.filter(plan=plan, code="customs_upgrade").update(
        status=MilestoneStatus.DONE, reached_on=datetime.date(2019, 3, 1)
    )
    client.force_login(leader)
    response = client.get("/milestones/")
    rows = response.context["rows"]
    assert len(rows) == Milestone.objects.filter(plan=plan).count()
    assert [r.due_year for r in rows] == sorted(r.due_year for r in rows)
    html = response.content.decode()
    assert data_state(html, "milestone-customs_upgrade") == "in_range"
    assert "2019-03-01" in html
    assert html.index('id="year-2016"') < html.index('id="year-2017"') < html.index('id="year-2018"')


def test_milestones_without_a_year_are_due_at_the_plans_end(client, leader, plan):
    client.force_login(leader)
    rows = client.get("/milestones/").context["rows"]
    platform = next(r for r in rows if r.milestone.code == "ecommerce_info_platform")
    assert platform.due_year == plan.end_year
