"""按时准确 as the plan says it: beside timeliness, the share of rules passed, outliers and open follow-ups."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from counties import checks
from counties.models import ReportStatus
from quality.models import Explanation, FollowUp, ValidationRule
from tests import builders

pytestmark = pytest.mark.django_db


def on_time(year, quarter):
    """A first submission within the due date."""
    return timezone.make_aware(datetime.datetime(year, 3 * quarter, 28, 10, 0))


def accuracy(code="411402", year=2016):
    county = builders.county(code)
    return checks.accuracy(county_ids=[county.pk], year=year)


def test_figures_that_pass_every_rule_are_accurate():
    builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)
    a = accuracy()[(builders.county("411402").pk, 1)]
    assert a.rules_checked > 0 and a.rules_passed == a.rules_checked and a.accurate


def test_a_broken_rule_without_an_explanation_makes_the_quarter_not_accurate_until_explained():
    report = builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED, reporting_enterprises=3)
    key = (report.county_id, 1)
    a = accuracy()[key]
    assert (a.rules_checked - a.rules_passed, a.unexplained, a.accurate) == (1, 1, False)
    Explanation.objects.create(report=report, rule=ValidationRule.objects.get(code="reporting_le_filed"), text="在途")
    assert accuracy()[key].accurate


def test_an_open_follow_up_makes_the_quarter_not_accurate():
    report = builders.report("411402", 2016, 1, status=ReportStatus.APPROVED)
    FollowUp.objects.create(report=report, figure="employees", reason="请核实")
    a = accuracy()[(report.county_id, 1)]
    assert (a.open_follow_ups, a.accurate) == (1, False)


def test_drafts_are_not_judged():
    builders.report("411402", 2016, 1, status=ReportStatus.DRAFT)
    assert accuracy() == {}


def test_the_timeliness_page_shows_accuracy_beside_timeliness(client, city_admin):
    builders.report("411402", 2016, 1, status=ReportStatus.APPROVED, first_submitted_at=on_time(2016, 1))
    builders.report(
        "411402", 2016, 2, status=ReportStatus.SUBMITTED, first_submitted_at=on_time(2016, 2), reporting_enterprises=2
    )
    client.force_login(city_admin)
    page = client.get(reverse("timeliness"), {"year": 2016}).content.decode()
    liangyuan = page[page.index("梁园区") :]
    assert "按时准确 1/4 季度" in liangyuan
    # Q1 (no previous quarter, no flags): 2 rules apply; Q2: 6 apply (the previous quarter's 4 among them)
    # and 2 reporting of 0 filed breaks one
    assert "规则通过 2/2" in liangyuan and "规则通过 5/6" in liangyuan
    assert "1条未说明" in liangyuan


def test_the_timeliness_page_in_english(client, city_admin):
    builders.report("411402", 2016, 1, status=ReportStatus.APPROVED, first_submitted_at=on_time(2016, 1))
    client.force_login(city_admin)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("timeliness"), {"year": 2016}).content.decode()
    assert "On time and accurate: 1 of 4 quarters" in page and "Rules passed 2/2" in page
