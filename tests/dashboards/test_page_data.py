"""A page's data is pickled into the shared cache after every change; it holds one object per county and per
indicator, not one copy per target (pickling model objects was a quarter of a computed scorecard)."""

import datetime
import pickle

import pytest

from dashboards.management.commands.bench_dashboards import generate
from dashboards.selectors import choose, forecast_rows, scorecard

pytestmark = pytest.mark.django_db


def test_the_scorecard_holds_each_county_and_indicator_once(plan):
    generate(plan, 6, 300)
    card = scorecard(choose(2018, 4, today=datetime.date(2019, 6, 1)))
    cells = [p for row in card.ranked for p in row.quotas]
    assert len(cells) > len(card.indicators)
    for row in card.ranked:
        assert all(p.target.county is row.county for p in row.quotas)
    assert len({id(p.target.indicator) for p in cells}) == len(card.indicators)
    # and a copy from the cache reads the same
    again = pickle.loads(pickle.dumps(card))  # noqa: S301 - our own bytes, as the cache backend does
    assert [(r.county.code, r.rank, r.score) for r in again.ranked] == [
        (r.county.code, r.rank, r.score) for r in card.ranked
    ]


def test_the_forecast_shares_each_indicator_among_its_targets(plan):
    generate(plan, 6, 300)
    city, counties = forecast_rows(choose(2018, 3, today=datetime.date(2019, 6, 1)))
    targets = [row.target for row in city + counties]
    assert len({id(t.indicator) for t in targets}) == len({t.indicator_id for t in targets})
