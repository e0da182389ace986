"""The import's queries grow with batches, never with rows: one lookup of existing keys, then bulk writes.

(SQLite caps a statement at 999 parameters, so Django splits a bulk write into batches of ~100 rows.)"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import credit_code
from tests.spreadsheets.conftest import run, xlsx

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]


def _file(n, offset=0):
    return xlsx(HEADERS, [[f"企业{i}", credit_code(offset + i), "梁园", "2016-01-02"] for i in range(n)])


def _queries(data, **kw):
    with CaptureQueriesContext(connection) as ctx:
        result = run("enterprises", "a.xlsx", data, **kw)
    assert not result.has_errors
    return len(ctx.captured_queries)


def test_preview_queries_are_the_same_for_3_and_300_rows(db):
    assert _queries(_file(3), dry_run=True) == _queries(_file(300, 1000), dry_run=True)


def test_importing_300_new_rows_takes_a_few_batches_not_a_query_per_row(db):
    assert _queries(_file(300, 1000)) <= _queries(_file(3)) + 8


def test_updating_300_rows_costs_no_more_queries_than_updating_3(db):
    small, large = _file(3), _file(300, 1000)
    run("enterprises", "a.xlsx", small)
    run("enterprises", "a.xlsx", large)
    renamed_small = xlsx(HEADERS, [[f"新{i}", credit_code(i), "梁园", "2016-01-02"] for i in range(3)])
    renamed_large = xlsx(HEADERS, [[f"新{i}", credit_code(1000 + i), "梁园", "2016-01-02"] for i in range(300)])
    assert _queries(renamed_large) <= _queries(renamed_small) + 12
