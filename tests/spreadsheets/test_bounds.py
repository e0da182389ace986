"""One upload cannot tie a worker: the work per file and per user is bounded (issue #9, finding 3).

The bound is pinned by what is examined (rows, problems, uploads), never by time.
"""

import pytest

from spreadsheets import uploads
from spreadsheets.models import Upload, UploadState
from tests.builders import credit_code
from tests.spreadsheets.conftest import csv_bytes, run, snapshot

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]


def _bad_rows(n):
    """``n`` rows, each with an unknown county: one problem per row."""
    return csv_bytes(HEADERS, [[f"企业{i}", credit_code(i), "不存在县", "2016-01-02"] for i in range(n)])


@pytest.fixture(scope="module")
def hundred_thousand_bad_rows():
    return _bad_rows(100_000)


def test_a_county_officers_bad_100000_row_file_stops_being_checked_after_200_problems(
    liangyuan_officer, hundred_thousand_bad_rows
):
    before = snapshot()
    result = run("enterprises", "bad.csv", hundred_thousand_bad_rows, user=liangyuan_officer)
    assert (result.rows_examined, result.problem_count, result.stopped_at) == (200, 200, 201)
    assert any("第201行以下未再检查" in n for n in result.notices)
    assert snapshot() == before


def test_a_city_admins_file_stops_after_1000_problems(city_admin, hundred_thousand_bad_rows):
    result = run("enterprises", "bad.csv", hundred_thousand_bad_rows, user=city_admin, dry_run=True)
    assert (result.rows_examined, result.problem_count) == (1000, 1000)


def test_a_good_file_is_checked_to_its_last_row(liangyuan_officer):
    data = csv_bytes(HEADERS, [[f"企业{i}", credit_code(i), "梁园", "2016-01-02"] for i in range(300)])
    result = run("enterprises", "good.csv", data, user=liangyuan_officer, dry_run=True)
    assert (result.rows_examined, result.stopped_at, result.counts["new"]) == (300, None, 300)


def test_a_user_has_one_upload_running_at_a_time(liangyuan_officer, suiyang_officer):
    first = uploads.upload_create(owner=liangyuan_officer, sheet_key="enterprises", file_name="a.csv", data=b"x")
    with pytest.raises(uploads.ImportBusy) as busy:
        uploads.upload_create(owner=liangyuan_officer, sheet_key="parks", file_name="b.csv", data=b"y")
    assert busy.value.upload == first
    uploads.upload_create(owner=suiyang_officer, sheet_key="enterprises", file_name="c.csv", data=b"z")
    assert Upload.objects.filter(state__in=[UploadState.CHECKING, UploadState.IMPORTING]).count() == 2


def test_a_file_of_more_rows_than_the_threshold_goes_to_the_background(liangyuan_officer, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5000
    big = uploads.upload_create(
        owner=liangyuan_officer, sheet_key="enterprises", file_name="a.csv", data=_bad_rows(6000)
    )
    assert big.rows_estimate == 6002 and uploads.runs_in_background(big)
    big.state = UploadState.REFUSED
    big.save()
    small = uploads.upload_create(
        owner=liangyuan_officer, sheet_key="enterprises", file_name="a.csv", data=_bad_rows(10)
    )
    assert not uploads.runs_in_background(small)
