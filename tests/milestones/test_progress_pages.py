"""Everyone who reads the key projects sees each one's status, its latest progress and evidence, the same
on the timeline, the overview, a key project's own page, the meeting-room screen and the bulletin."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import display_tokens
from dashboards.bulletin.content import bulletin_content
from dashboards.selectors import choose
from milestones.services import progress_record
from targets.models import Milestone, MilestoneStatus
from tests.dashboards.dashboards import data_state
from tests.milestones import files

pytestmark = pytest.mark.django_db


def milestone(plan, code) -> Milestone:
    return Milestone.objects.get(plan=plan, code=code)


def record(m, by, note, status=MilestoneStatus.IN_PROGRESS, reached_on=None, uploads=()):
    return progress_record(milestone=m, by=by, status=status, note=note, reached_on=reached_on, uploads=list(uploads))


@pytest.fixture
def customs_in_progress(plan, city_admin):
    """郑州海关驻商丘办事处升格 (due 2017): two entries, the first with the application letter."""
    customs = milestone(plan, "customs_upgrade")
    record(customs, city_admin, "报送升格申请。", uploads=[files.pdf("升格申请函.pdf")])
    record(customs, city_admin, "海关总署已受理，正在现场核查。")
    return customs


def test_a_leader_sees_the_latest_progress_and_its_evidence_on_the_timeline(client, leader, customs_in_progress):
    client.force_login(leader)
    html = client.get("/milestones/").content.decode()
    row = html[html.index('id="milestone-customs_upgrade"') :]
    row = row[: row.index("</tr>")]
    assert "海关总署已受理，正在现场核查。" in row and "共2条进展" in row
    assert "升格申请函.pdf" in row  # the latest entry with files: the first one here
    assert 'data-entries="2"' in html


def test_overdue_is_still_shown_with_the_status_the_city_recorded(client, leader, customs_in_progress):
    client.force_login(leader)
    with time_machine.travel(datetime.datetime(2019, 1, 10, 12, tzinfo=datetime.UTC)):
        html = client.get("/milestones/").content.decode()
    assert data_state(html, "milestone-customs_upgrade") == "overdue"
    row = html[html.index('id="milestone-customs_upgrade"') :]
    assert "逾期未完成" in row[: row.index("</tr>")] and "登记状态：推进中" in row[: row.index("</tr>")]


def test_a_project_done_in_its_year_shows_done_on_time_with_the_date(client, leader, plan, city_admin):
    bonded = milestone(plan, "bonded_logistics_centre")
    record(bonded, city_admin, "通过联合验收。", MilestoneStatus.DONE, datetime.date(2016, 12, 16))
    client.force_login(leader)
    html = client.get("/milestones/").content.decode()
    assert data_state(html, "milestone-bonded_logistics_centre") == "met" and "2016-12-16" in html


def test_a_project_with_no_progress_says_so(client, leader, plan):
    client.force_login(leader)
    html = client.get("/milestones/").content.decode()
    row = html[html.index('id="milestone-railway_port_push"') :]
    assert "尚未登记进展" in row[: row.index("</tr>")]


def test_the_overview_shows_the_same_progress_for_the_years_projects(client, leader, customs_in_progress):
    client.force_login(leader)
    html = client.get("/overview/?year=2017").content.decode()
    assert "海关总署已受理，正在现场核查。" in html and "升格申请函.pdf" in html


def test_a_key_projects_page_shows_every_entry_with_its_files(client, leader, customs_in_progress):
    client.force_login(leader)
    html = client.get(f"/milestones/{customs_in_progress.pk}/").content.decode()
    assert html.index("海关总署已受理") < html.index("报送升格申请。") < html.index("升格申请函.pdf")
    assert "登记进展" not in html  # leaders read; only city admins record


def test_a_city_admin_finds_the_record_button_on_the_page(client, city_admin, customs_in_progress):
    client.force_login(city_admin)
    html = client.get(f"/milestones/{customs_in_progress.pk}/").content.decode()
    assert f'href="/milestones/{customs_in_progress.pk}/record/"' in html


def test_the_screen_shows_each_projects_latest_progress(client, city_admin, customs_in_progress):
    key = display_tokens.display_token_issue(name="会议室", by=city_admin)[1]
    with time_machine.travel(datetime.datetime(2017, 8, 1, 12, tzinfo=datetime.UTC)):
        payload = client.get("/screen/data.json", headers={"Authorization": f"Bearer {key}"}).json()
    customs = next(m for m in payload["milestones"] if m["code"] == "customs_upgrade")
    assert customs["progress"] == "海关总署已受理，正在现场核查。" and customs["state"] == "behind"


def test_the_bulletin_lists_each_projects_latest_progress(customs_in_progress):
    table = bulletin_content(choice=choose(2017, 4, False)).document.tables()["milestones"]
    assert table.headers[-1] == "最新进展"
    rows = {row[0].text: row[-1].text for row in table.rows}
    assert rows["郑州海关驻商丘办事处升格为商丘海关"].endswith("海关总署已受理，正在现场核查。")
    assert rows["强力推进铁路一类口岸建设"] == "尚未登记进展"


def count_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["timeline", "detail", "overview"])
def test_the_pages_query_count_does_not_grow_with_milestones_or_entries(client, leader, plan, city_admin, page):
    customs = milestone(plan, "customs_upgrade")
    url = {"timeline": "/milestones/", "detail": f"/milestones/{customs.pk}/", "overview": "/overview/?year=2017"}
    client.force_login(leader)
    record(customs, city_admin, "一", uploads=[files.pdf()])
    client.get(url[page])
    queries = count_queries(client, url[page])
    for m in Milestone.objects.filter(plan=plan):
        for n in range(3):
            record(m, city_admin, f"进展{n}", uploads=[files.pdf(), files.png()])
    assert count_queries(client, url[page]) == queries
