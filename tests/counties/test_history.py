"""Every change to registries and quarterly figures is recorded with who, when, and old -> new values."""

from django.urls import reverse

from counties.history import history_entries
from counties.models import ReportStatus
from enterprises.models import Enterprise
from tests import builders


def _enterprise_data(e, **changes):
    data = {"name": e.name, "credit_code": e.credit_code, "filed_on": "2016-05-01", "industry": e.industry}
    return {**data, **changes}


def test_an_edit_through_the_workspace_records_the_officer_and_the_old_and_new_values(client, liangyuan_officer):
    e = builders.enterprise("411402", name="商丘甲公司")
    client.force_login(liangyuan_officer)
    client.post(reverse("registry_edit", args=["411402", "enterprises", e.pk]), _enterprise_data(e, name="商丘乙公司"))
    latest = e.history.latest()
    assert latest.history_user == liangyuan_officer
    entry = history_entries(Enterprise.objects.get(pk=e.pk))[0]
    assert entry.who == "liangyuan" and entry.action == "修改"
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("企业名称", "商丘甲公司", "商丘乙公司")]


def test_the_history_page_shows_who_changed_what(client, liangyuan_officer):
    e = builders.enterprise("411402", industry="food")
    client.force_login(liangyuan_officer)
    client.post(reverse("registry_edit", args=["411402", "enterprises", e.pk]), _enterprise_data(e, industry="fur"))
    page = client.get(reverse("registry_history", args=["411402", "enterprises", e.pk])).content.decode()
    assert "liangyuan" in page and "食品" in page and "皮毛" in page


def test_the_report_history_shows_status_changes_by_the_county_and_the_city(client, liangyuan_officer, city_admin):
    client.force_login(liangyuan_officer)
    form = reverse("report_form", args=["411402", 2016, 1])
    client.post(form, {"transaction_usd": "5", "employees": "3", "reporting_enterprises": "0", "submit": "1"})
    report = liangyuan_officer.membership.county.reports.get()
    client.force_login(city_admin)
    client.post(reverse("report_approve", args=[report.pk]), {"version": report.version})
    entries = history_entries(report)
    assert [e.who for e in entries] == ["cityadmin", "liangyuan", "liangyuan"]
    approval = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert approval["状态"] == ("已提交", "已审核")
    assert approval["审核人"] == ("—", "cityadmin")
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "已提交" in page and "已审核" in page


def test_history_of_a_new_record_lists_the_values_it_was_created_with(liangyuan_officer):
    report = builders.report(status=ReportStatus.DRAFT, employees=7)
    created = history_entries(report)[-1]
    assert created.action == "创建"
    assert ("从业人员（人）", "—", "7") in [(c.field, c.old, c.new) for c in created.changes]


def test_history_costs_a_fixed_number_of_queries(django_assert_num_queries, city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED, entered_by=city_admin)
    for i in range(5):
        report.employees = i
        report.reviewed_by = city_admin
        report.save()
    # the history rows (with their users) and one look-up per foreign key: county, entered_by, reviewed_by
    with django_assert_num_queries(4):
        assert len(history_entries(report)) == 6


def test_times_in_the_history_are_shanghai_time_to_the_second(db):
    import datetime

    report = builders.report("411402", 2016, 2, status=ReportStatus.SUBMITTED)
    report.submitted_at = datetime.datetime(2016, 7, 10, 16, 30, 5, tzinfo=datetime.UTC)
    report.save(update_fields=["submitted_at"])
    change = next(c for c in history_entries(report)[0].changes if c.field == "提交时间")
    assert change.new == "2016-07-11 00:30:05"
