"""An imported row's history is the row django-simple-history itself would write.

The import writes history rows in a few statements instead of through the library's per-instance path
(spreadsheets/history.py); what is written must not differ, on SQLite and on PostgreSQL alike.
"""

import datetime

import pytest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from counties.models import County
from enterprises.models import Enterprise
from spreadsheets.history import records_create_with_history
from tests import builders

pytestmark = pytest.mark.django_db
SAME_FOR_BOTH = {"name", "credit_code", "id", "history_id", "history_date"}


def firms(prefix, n=3):
    county = County.objects.get(code="411402")
    return [
        Enterprise(
            name=f"{prefix}{i}",
            credit_code=builders.credit_code(),
            county=county,
            filed_on=datetime.date(2017, 3, 5),
            deregistered_on=datetime.date(2018, 1, 2) if i == 0 else None,
            industry="纺织服装" if i else "其他",
            is_foreign_trade=bool(i % 2),
            city_demo_year=2017 if i == 1 else None,
        )
        for i in range(n)
    ]


def history_values(prefix):
    rows = Enterprise.history.filter(name__startswith=prefix).order_by("name").values()
    return [{k: v for k, v in row.items() if k not in SAME_FOR_BOTH} for row in rows]


def test_the_history_rows_of_an_import_are_those_the_library_writes(city_admin):
    before = timezone.now()
    bulk_create_with_history(firms("库"), Enterprise, default_user=city_admin)
    saved = records_create_with_history(model=Enterprise, objs=firms("导"), user=city_admin)

    assert all(obj.pk for obj in saved)
    ours, theirs = history_values("导"), history_values("库")
    assert ours == theirs and len(ours) == 3
    assert ours[0]["history_type"] == "+" and ours[0]["history_user_id"] == city_admin.pk
    for obj in saved:
        row = Enterprise.history.get(id=obj.pk)
        assert (row.name, row.credit_code) == (obj.name, obj.credit_code)
        assert before <= row.history_date <= timezone.now()
        assert row.instance.deregistered_on == obj.deregistered_on


def test_an_import_without_a_user_records_none():
    records_create_with_history(model=Enterprise, objs=firms("无人"), user=None)
    assert {row["history_user_id"] for row in history_values("无人")} == {None}


def test_nothing_to_insert_writes_nothing():
    assert records_create_with_history(model=Enterprise, objs=[], user=None) == []
    assert not Enterprise.history.exists()
