"""Small builders for records in tests. Each takes a county code and overrides."""

import datetime
import itertools
from decimal import Decimal

from stdnum.cn import uscc

from counties.models import County, QuarterlyReport, ReportStatus
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase

_seq = itertools.count(1)


def county(code: str) -> County:
    return County.objects.get(code=code)


def credit_code(n: int | None = None, region: str = "411400") -> str:
    """A valid unified social credit code (GB 32100-2015) that differs for each ``n``."""
    n = next(_seq) if n is None else n
    body = f"91{region}{n:09d}"
    return body + uscc.calc_check_digit(body)


def enterprise(county_code="411402", filed_on=datetime.date(2016, 5, 1), **kw) -> Enterprise:
    n = next(_seq)
    kw.setdefault("name", f"测试企业{n}")
    kw.setdefault("credit_code", credit_code(n))
    return Enterprise.objects.create(county=county(county_code), filed_on=filed_on, **kw)


def park(county_code="411403", established_on=datetime.date(2016, 6, 1), **kw) -> Park:
    kw.setdefault("name", f"测试园区{next(_seq)}")
    return Park.objects.create(county=county(county_code), established_on=established_on, **kw)


def warehouse(county_code="411402", opened_on=datetime.date(2017, 6, 1), **kw) -> OverseasWarehouse:
    kw.setdefault("name", f"测试海外仓{next(_seq)}")
    kw.setdefault("country", "美国")
    return OverseasWarehouse.objects.create(county=county(county_code), opened_on=opened_on, **kw)


def training_base(county_code="411403", established_on=datetime.date(2016, 6, 1), **kw) -> TrainingBase:
    kw.setdefault("name", f"测试基地{next(_seq)}")
    kw.setdefault("operator", "测试运营单位")
    return TrainingBase.objects.create(county=county(county_code), established_on=established_on, **kw)


def report(county_code="411402", year=2016, quarter=1, status=ReportStatus.APPROVED, **kw) -> QuarterlyReport:
    kw.setdefault("transaction_usd", Decimal("1000000"))
    kw.setdefault("employees", 10)
    kw.setdefault("reporting_enterprises", 0)  # more than the county has filed would break a high-importance rule
    return QuarterlyReport.objects.create(county=county(county_code), year=year, quarter=quarter, status=status, **kw)
