"""Helpers for the data-quality tests: what the checks find for some figures of a county and quarter."""

from decimal import Decimal

import pytest
from django.utils import translation

from counties import checks
from counties.checks import Figures
from tests import builders


def figures(county_code="411402", year=2016, quarter=2, *, usd=1_000_000, employees=10, reporting=0, report_id=None):
    county = builders.county(county_code)
    return Figures(county.pk, year, quarter, Decimal(usd), employees, reporting, report_id)


def codes(*args, kind=checks.RULE, **kwargs) -> set[str]:
    """The codes of what the checks find in ``figures(*args, **kwargs)`` (rule violations by default)."""
    return {f.code for f in checks.findings([figures(*args, **kwargs)])[0] if f.kind == kind}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast's passwords are hashed in nearly every test here; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _chinese():
    """Messages are asserted in Chinese; a request in English earlier in the thread must not leak in."""
    with translation.override("zh-hans"):
        yield
