"""The enterprise tally follows every way the registry is written, in the same transaction.

After each write the tally must equal a fresh count of the registry (``tally.differences`` is empty)
and the dashboards' numbers, which read the tally at quarter ends, must change with it.
"""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from counties.models import County
from enterprises import tally
from enterprises.models import Enterprise, EnterpriseTally
from targets.actuals import Actuals
from targets.progress import Period
from tests import builders
from tests.spreadsheets.conftest import run, xlsx

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_END_2017 = Period(2017, 4)


def filed_at(period=YEAR_END_2017, county_code=None) -> int:
    """The number of filed enterprises standing at ``period``, as the dashboards compute it."""
    values = Actuals([period]).per_county("enterprises_filed", "stock", period)
    if county_code:
        return int(values.get(County.objects.get(code=county_code).pk, 0))
    return int(sum(values.values()))


def assert_in_step():
    assert tally.differences(connection) == {}


def test_an_enterprise_added_through_the_workspace_form_counts(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    data = {"name": "梁园新企业", "credit_code": builders.credit_code(), "filed_on": "2017-03-31", "industry": "food"}
    response = client.post("/workspace/411402/enterprises/add/", data)
    assert response.status_code == 302
    assert_in_step()
    assert filed_at(Period(2017, 1), "411402") == 1


def test_a_deregistration_entered_in_the_form_stops_the_count_that_day(client, liangyuan_officer):
    firm = builders.enterprise("411402", filed_on=D(2016, 5, 1), name="将注销企业")
    client.force_login(liangyuan_officer)
    data = {
        "name": firm.name,
        "credit_code": firm.credit_code,
        "filed_on": "2016-05-01",
        "deregistered_on": "2017-12-31",
        "industry": "other",
    }
    assert client.post(f"/workspace/411402/enterprises/{firm.pk}/", data).status_code == 302
    assert_in_step()
    assert (filed_at(Period(2017, 3)), filed_at(Period(2017, 4))) == (1, 0)


def test_a_city_admin_moving_an_enterprise_to_another_county_in_the_admin_moves_its_count(client, city_admin):
    firm = builders.enterprise("411402", filed_on=D(2016, 5, 1))
    client.force_login(city_admin)
    data = {
        "name": firm.name,
        "credit_code": firm.credit_code,
        "county": County.objects.get(code="411403").pk,
        "filed_on": "2016-05-01",
        "industry": "other",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/enterprises/enterprise/{firm.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_in_step()
    assert (filed_at(county_code="411402"), filed_at(county_code="411403")) == (0, 1)


def test_a_deleted_enterprise_stops_counting(client, city_admin):
    firm = builders.enterprise("411402", filed_on=D(2016, 5, 1))
    builders.enterprise("411402", filed_on=D(2016, 5, 1))
    client.force_login(city_admin)
    assert client.post(f"/admin/enterprises/enterprise/{firm.pk}/delete/", {"post": "yes"}).status_code == 302
    assert_in_step()
    assert filed_at() == 1


def test_an_import_creating_and_updating_enterprises_is_counted(city_admin):
    headers = ["企业名称", "统一社会信用代码", "县区", "备案认定日期", "注销日期"]
    first, second = builders.credit_code(), builders.credit_code()
    rows = [["甲", first, "梁园", "2017-02-01", None], ["乙", second, "睢阳", "2017-11-30", None]]
    assert run("enterprises", "a.xlsx", xlsx(headers, rows), user=city_admin).applied
    assert_in_step()
    assert filed_at() == 2
    rows = [["甲", first, "梁园", "2017-02-01", "2017-10-01"], ["乙", second, "睢阳", "2017-11-30", None]]
    assert run("enterprises", "a.xlsx", xlsx(headers, rows), user=city_admin).applied
    assert_in_step()
    assert filed_at() == 1


def test_demo_data_seeded_and_reseeded_is_counted():
    call_command("seed_demo", verbosity=0)
    assert_in_step()
    seeded = filed_at(Period(2018, 4))
    assert (
        seeded
        == Enterprise.objects.filter(filed_on__lte=D(2018, 12, 31))
        .exclude(deregistered_on__lte=D(2018, 12, 31))
        .count()
    )
    assert seeded > 0
    call_command("seed_demo", verbosity=0)  # replaces the demo records
    assert_in_step()
    assert filed_at(Period(2018, 4)) == seeded


def test_bulk_writes_that_bypass_model_signals_are_counted():
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"批量{i}",
            credit_code=builders.credit_code(),
            county=County.objects.get(code="411425"),
            filed_on=D(2017, 1 + i % 12, 1),
        )
        for i in range(30)
    )
    assert_in_step()
    Enterprise.objects.filter(filed_on__month__lte=6).update(city_demo_year=2017, deregistered_on=D(2017, 12, 31))
    assert_in_step()
    Enterprise.objects.filter(filed_on__month=12).delete()
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE enterprises_enterprise SET province_demo_year = 2018 WHERE filed_on < %s", [D(2017, 3, 1)]
        )
    assert_in_step()
    assert filed_at(Period(2017, 4)) == 30 - 18 - 2  # 18 filed January-June deregistered at the year's end, 2 deleted


def test_a_write_rolled_back_leaves_the_tally_as_it_was():
    builders.enterprise("411402", filed_on=D(2016, 5, 1))
    before = list(EnterpriseTally.objects.values_list("county", "filed_on", "n"))
    with pytest.raises(RuntimeError), transaction.atomic():
        builders.enterprise("411402", filed_on=D(2016, 5, 2))
        Enterprise.objects.update(deregistered_on=D(2016, 6, 1))
        raise RuntimeError("the user's request failed")
    assert list(EnterpriseTally.objects.values_list("county", "filed_on", "n")) == before
    assert_in_step()


def test_the_tally_holds_one_row_per_county_and_month_however_many_enterprises():
    for day in (1, 2, 3, 28):
        builders.enterprise("411402", filed_on=D(2017, 3, day))
    assert list(EnterpriseTally.objects.values_list("filed_on", "deregistered_on", "n")) == [
        (D(2017, 3, 1), D(9999, 12, 1), 4)
    ]


def test_counts_that_fall_to_zero_leave_no_row():
    firm = builders.enterprise("411402", filed_on=D(2017, 3, 1))
    firm.delete()
    assert not EnterpriseTally.objects.exists()


def test_triggers_lost_to_a_table_rebuild_are_put_back_and_the_tally_recounted_after_migrate():
    builders.enterprise("411402", filed_on=D(2016, 5, 1))
    tally.uninstall(connection)  # what SQLite's table rebuild in a migration does to triggers
    builders.enterprise("411402", filed_on=D(2016, 5, 2))  # written while the triggers were missing
    assert tally.differences(connection)
    tally.ensure(using="default")  # the post_migrate receiver
    assert tally.installed_triggers(connection) == set(tally.ENTERPRISES.trigger_names())
    assert_in_step()
    builders.enterprise("411402", filed_on=D(2016, 5, 3))
    assert_in_step()


def test_the_migrate_command_runs_the_check(monkeypatch):
    called = []
    monkeypatch.setattr(tally, "rebuild", lambda *a, **kw: called.append(True))
    tally.uninstall(connection)
    call_command("migrate", verbosity=0)
    assert called and tally.installed_triggers(connection) == set(tally.ENTERPRISES.trigger_names())


def test_restoring_a_backup_with_loaddata_counts_the_restored_enterprises(tmp_path):
    builders.enterprise("411402", filed_on=D(2016, 5, 1))
    builders.enterprise("411403", filed_on=D(2017, 5, 1), deregistered_on=D(2017, 9, 1))
    dump = tmp_path / "backup.json"
    call_command("dumpdata", "enterprises", "--natural-foreign", "--natural-primary", "-o", str(dump), verbosity=0)
    assert "enterprisetally" not in dump.read_text()  # derived data is not backed up
    models = {row["model"] for row in json.loads(dump.read_text())}
    assert "enterprises.enterprise" in models
    Enterprise.history.all().delete()
    Enterprise.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    assert_in_step()
    assert (filed_at(Period(2017, 2)), filed_at(Period(2017, 3))) == (2, 1)


def test_the_spec_names_the_models_tables_and_columns():
    spec = tally.ENTERPRISES
    assert spec.source == Enterprise._meta.db_table and spec.table == EnterpriseTally._meta.db_table
    source_columns = {f.column for f in Enterprise._meta.concrete_fields}
    tally_columns = {f.column for f in EnterpriseTally._meta.concrete_fields}
    assert set(spec.columns) <= source_columns and set(spec.columns) <= tally_columns


@pytest.mark.django_db(transaction=True)
def test_emptying_the_database_empties_the_tally():
    builders.enterprise("411402", filed_on=D(2016, 5, 1))
    call_command("flush", interactive=False, verbosity=0)  # TRUNCATE on PostgreSQL, DELETE on SQLite
    assert not EnterpriseTally.objects.exists()


def test_the_check_command_finds_a_drift_and_the_rebuild_repairs_it():
    builders.enterprise("411402", filed_on=D(2016, 5, 1))
    call_command("enterprise_tally")  # in step: no error
    EnterpriseTally.objects.update(n=5)  # a hand edit of the derived table
    with pytest.raises(CommandError, match="不一致"):
        call_command("enterprise_tally")
    call_command("enterprise_tally", "--rebuild")
    call_command("enterprise_tally")
    assert_in_step()
