"""Plausible, clearly labelled demo data so a fresh portal is not empty.

Every record is named with the 【演示】 prefix and flagged ``is_demo_data``; reseeding replaces only
those records and never touches the plan's targets or anything a user entered.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from counties.models import County, QuarterlyReport, ReportStatus
from counties.signals import bulk_data_changed
from counties.timeliness import due_date
from enterprises.models import (
    Enterprise,
    EnterpriseReport,
    Industry,
    OverseasWarehouse,
    Park,
    TrainingBase,
    WarehouseMode,
)

DEMO = "【演示】"
# Enterprises filed per county and year, roughly the plan's quotas with some counties ahead and some behind.
FILINGS = {
    "411402": (11, 9, 22),
    "411403": (8, 10, 20),
    "SQZ01": (1, 5, 6),
    "411425": (6, 4, 9),
    "411426": (5, 4, 10),
    "411424": (4, 3, 6),
    "411423": (5, 4, 8),
    "411422": (5, 3, 8),
    "411421": (4, 5, 9),
    "411481": (2, 2, 3),
    "SQZ02": (1, 1, 2),
    "SQZ03": (0, 1, 2),
}
YEARS = (2016, 2017, 2018)
COUNTRIES = [("美国", "洛杉矶"), ("德国", "法兰克福"), ("英国", "伦敦"), ("俄罗斯", "莫斯科"), ("日本", "大阪")]


def _credit_code(county: County, n: int) -> str:
    region = county.code if county.has_national_code else "411400"
    body = f"91{region}MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def _day(rng: random.Random, year: int, last_month: int = 12) -> datetime.date:
    return datetime.date(year, rng.randint(1, last_month), rng.randint(1, 28))


# Demo data of apps above this one (e.g. the key projects' progress), registered from their ``ready()``:
# (seed, clear) pairs; seed returns counts by kind, like ``seed_demo``.
_EXTRA_DEMOS: list[tuple] = []


def register_demo(*, seed, clear) -> None:
    """Let an app above this one add its own demo data to ``seed_demo`` (and remove it with ``clear_demo``)."""
    if (seed, clear) not in _EXTRA_DEMOS:
        _EXTRA_DEMOS.append((seed, clear))


def clear_demo() -> None:
    for _seed, clear in _EXTRA_DEMOS:
        clear()
    QuarterlyReport.objects.filter(is_demo_data=True).delete()
    OverseasWarehouse.objects.filter(is_demo_data=True).delete()
    EnterpriseReport.objects.filter(enterprise__is_demo_data=True).delete()
    Enterprise.objects.filter(is_demo_data=True).delete()
    Park.objects.filter(is_demo_data=True).delete()
    TrainingBase.objects.filter(is_demo_data=True).delete()


def _enterprises(rng, counties) -> list[Enterprise]:
    made, n = [], 0
    industries = [c for c, _ in Industry.choices]
    for county in counties:
        for year, count in zip(YEARS, FILINGS.get(county.code, (0, 0, 0)), strict=True):
            for _ in range(count):
                n += 1
                filed = _day(rng, year)
                made.append(
                    Enterprise(
                        name=f"{DEMO}{county.short_name}跨境电商企业{n:03d}",
                        credit_code=_credit_code(county, n),
                        county=county,
                        filed_on=filed,
                        deregistered_on=_day(rng, 2018) if rng.random() < 0.03 and filed.year < 2018 else None,
                        industry=rng.choice(industries),
                        is_foreign_trade=rng.random() < 0.6,
                        is_demo_data=True,
                    )
                )
    for e in made:
        if e.deregistered_on and e.deregistered_on < e.filed_on:
            e.deregistered_on = None
    Enterprise.objects.bulk_create(made)
    # Recognitions: some of the longest-filed enterprises become city or provincial demonstration ones.
    for i, e in enumerate(sorted(made, key=lambda e: e.filed_on)):
        if e.deregistered_on:
            continue
        year = max(e.filed_on.year, 2016)
        if i % 12 == 0 and year <= 2018:
            e.city_demo_year = year
        if i % 40 == 0 and year <= 2018:
            e.province_demo_year = min(year + 1, 2018)
    Enterprise.objects.bulk_update(made, ["city_demo_year", "province_demo_year"])
    return made


def _enterprise_reports(rng, enterprises) -> dict[tuple[int, int, int], int]:
    """Flags for every quarter each enterprise was filed in; returns the ticked-both count per county and quarter."""
    rows = []
    for e in enterprises:
        for year in YEARS:
            for quarter in (1, 2, 3, 4):
                if datetime.date(year, 3 * quarter, 28) < e.filed_on:
                    continue
                if e.deregistered_on and datetime.date(year, 3 * quarter - 2, 1) > e.deregistered_on:
                    continue
                rows.append(
                    EnterpriseReport(
                        enterprise=e,
                        year=year,
                        quarter=quarter,
                        on_time=rng.random() < 0.9,
                        accurate=rng.random() < 0.95,
                    )
                )
    EnterpriseReport.objects.bulk_create(rows)
    good: dict[tuple[int, int, int], int] = {}
    for row in rows:
        if row.on_time and row.accurate:
            key = (row.enterprise.county_id, row.year, row.quarter)
            good[key] = good.get(key, 0) + 1
    return good


def _parks_and_bases(rng, by_code) -> None:
    parks = [
        ("411403", 2016, "睢阳区跨境电商产业园", Industry.TEXTILES, {"is_specialised": True, "city_demo_year": 2017}),
        (
            "411425",
            2016,
            "虞城县五金工量具跨境电商园",
            Industry.TOOLS,
            {"is_specialised": True, "province_demo_year": 2017},
        ),
        (
            "411402",
            2017,
            "梁园区跨境电商示范园",
            Industry.ELECTRONICS,
            {"is_demonstration": True, "city_demo_year": 2017, "province_demo_year": 2018},
        ),
        (
            "SQZ01",
            2017,
            "示范区跨境电商示范园",
            Industry.REFRIGERATION,
            {"is_demonstration": True, "city_demo_year": 2018},
        ),
        (
            "411426",
            2018,
            "夏邑县纺织服装跨境电商示范园",
            Industry.TEXTILES,
            {"is_demonstration": True, "is_specialised": True},
        ),
        (
            "411421",
            2018,
            "民权县制冷产业跨境电商园",
            Industry.REFRIGERATION,
            {"is_demonstration": True, "is_specialised": True, "city_demo_year": 2018},
        ),
        ("411424", 2018, "柘城县超硬材料跨境电商园", Industry.SUPERHARD, {"is_specialised": True}),
        (
            "411402",
            2018,
            "梁园区食品跨境电商产业园",
            Industry.FOOD,
            {"is_specialised": True, "national_demo_year": 2018},
        ),
    ]
    Park.objects.bulk_create(
        Park(
            name=f"{DEMO}{name}",
            county=by_code[code],
            established_on=_day(rng, year, 10),
            industry=industry,
            is_demo_data=True,
            **extra,
        )
        for code, year, name, industry, extra in parks
    )
    bases = [
        ("411403", 2016),
        ("411425", 2016),
        ("411402", 2017),
        ("SQZ01", 2017),
        ("411426", 2017),
        ("411421", 2017),
        ("411423", 2018),
        ("411422", 2018),
        ("411481", 2018),
    ]
    TrainingBase.objects.bulk_create(
        TrainingBase(
            name=f"{DEMO}{by_code[code].short_name}跨境电商培训孵化基地{i}",
            county=by_code[code],
            operator=f"{DEMO}{by_code[code].short_name}电子商务协会",
            established_on=_day(rng, year),
            is_demo_data=True,
        )
        for i, (code, year) in enumerate(bases, 1)
    )


def _warehouses(rng, by_code, enterprises) -> None:
    plans = [
        ("411402", 2017, True, None),
        ("411425", 2017, True, None),
        ("411422", 2018, True, None),
        ("411403", 2018, True, 2018),
        ("411402", 2018, True, 2018),
        ("411426", 2018, True, 2018),
        ("411421", 2018, False, None),
    ]
    rows = []
    for i, (code, year, public, province_year) in enumerate(plans, 1):
        operator = next((e for e in enterprises if e.county.code == code and e.filed_on.year < year), None)
        country, city = COUNTRIES[i % len(COUNTRIES)]
        rows.append(
            OverseasWarehouse(
                name=f"{DEMO}{city}海外仓{i}",
                county=by_code[code],
                enterprise=operator,
                country=country,
                city=city,
                mode=rng.choice([c for c, _ in WarehouseMode.choices]),
                opened_on=_day(rng, year, 11),
                is_public=public,
                province_public_year=province_year,
                is_demo_data=True,
            )
        )
    OverseasWarehouse.objects.bulk_create(rows)


# The reporting story the demo tells (the plan's last quarter, 2018 Q4, is the "live" one): each role's
# to-do has something in it. code: (status, days after the due date of the first submission or None,
# the city's comment). Units not listed were approved, submitted on time.
Q4_2018 = {
    "411402": (ReportStatus.RETURNED, -5, "交易额比第三季度增长一倍以上，请核实并在备注中说明原因后重新提交。"),
    "411403": (ReportStatus.SUBMITTED, -2, ""),
    "SQZ01": (ReportStatus.SUBMITTED, 6, ""),
    "411426": (ReportStatus.SUBMITTED, -1, ""),
    "411424": (ReportStatus.DRAFT, None, ""),
    "411423": (ReportStatus.APPROVED, 3, ""),
    "411422": (ReportStatus.SUBMITTED, 12, ""),
    "411481": None,  # not entered at all
    "SQZ03": (ReportStatus.SUBMITTED, 0, ""),
}
# Approved figures the city reopened: (code, year, quarter, reason).
REOPENED = [("411403", 2018, 3, "海关统计口径调整，请按新口径更正第三季度交易额后重新提交。")]


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _story(code: str, year: int, quarter: int) -> tuple | None:
    """(status, days late or None for a random draw, the city's comment); None: no report at all."""
    if (year, quarter) == (2018, 4):
        return Q4_2018.get(code, (ReportStatus.APPROVED, None, ""))
    return ReportStatus.APPROVED, None, ""


def _dates(rng, report: QuarterlyReport, days_late: int | None) -> None:
    """Submission and review times: most units a few days before the due date, about one in ten late."""
    if days_late is None:
        days_late = rng.randint(1, 15) if rng.random() < 0.1 else -rng.randint(0, 9)
    submitted = due_date(report.year, report.quarter) + datetime.timedelta(days=days_late)
    report.first_submitted_at = report.submitted_at = _moment(submitted, 10)
    if report.status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
        report.reviewed_at = _moment(submitted + datetime.timedelta(days=rng.randint(1, 4)), 16)


def _quarterly(rng, counties, ticked: dict[tuple[int, int, int], int]) -> None:
    """Figures for every quarter; the enterprises reporting are those ticked on time and accurate.

    Every quarter up to 2018 Q2 is complete (all units approved); 2018 Q3 has one reopened report and
    2018 Q4 is mid-review as ``Q4_2018`` tells."""
    rows = []
    for county in counties:
        filings = FILINGS.get(county.code, (0, 0, 0))
        weight = max(sum(filings), 4) / 200
        employees = 0
        for year in YEARS:
            growth = {2016: 1.0, 2017: 2.4, 2018: 4.4}[year]
            for quarter in (1, 2, 3, 4):
                employees += rng.randint(5, 25) + int(90 * weight * growth / 4)
                volume = Decimal(int(300_000_000 * weight * growth / 4 * rng.uniform(0.7, 1.25)))
                story = _story(county.code, year, quarter)
                if story is None:
                    continue
                status, days_late, comment = story
                if comment:
                    volume *= 2  # what the city's comment is about
                report = QuarterlyReport(
                    county=county,
                    year=year,
                    quarter=quarter,
                    transaction_usd=volume,
                    employees=employees,
                    reporting_enterprises=ticked.get((county.pk, year, quarter), 0),
                    status=status,
                    review_comment=comment,
                    remark=f"{DEMO}演示数据",
                    is_demo_data=True,
                )
                if status != ReportStatus.DRAFT:
                    _dates(rng, report, days_late)
                rows.append(report)
    QuarterlyReport.objects.bulk_create(rows)
    _reviews(rng)


def _reviews(rng) -> None:
    """Returns and reopenings saved one by one, so that each is in the report's history like a real one
    (the bulletin counts returns from the history)."""
    for report in QuarterlyReport.objects.filter(is_demo_data=True, status=ReportStatus.RETURNED):
        report.save()
    for code, year, quarter, reason in REOPENED:
        report = QuarterlyReport.objects.filter(
            is_demo_data=True, county__code=code, year=year, quarter=quarter
        ).first()
        if report is None:
            continue
        report.status, report.reopen_reason = ReportStatus.RETURNED, reason
        report.reviewed_at = _moment(due_date(2018, 4) + datetime.timedelta(days=rng.randint(1, 3)), 11)
        report.save()


@transaction.atomic
def seed_demo(seed: int = 2016) -> dict[str, int]:
    """Replace all demo records with a fresh, reproducible set. Returns counts per kind."""
    rng = random.Random(seed)
    clear_demo()
    counties = list(County.objects.units().filter(code__in=FILINGS))
    by_code = {c.code: c for c in County.objects.units()}
    enterprises = _enterprises(rng, counties)
    ticked = _enterprise_reports(rng, enterprises)
    _parks_and_bases(rng, by_code)
    _warehouses(rng, by_code, enterprises)
    _quarterly(rng, counties, ticked)
    counts = {
        "企业": Enterprise.objects.filter(is_demo_data=True).count(),
        "园区": Park.objects.filter(is_demo_data=True).count(),
        "海外仓": OverseasWarehouse.objects.filter(is_demo_data=True).count(),
        "培训孵化基地": TrainingBase.objects.filter(is_demo_data=True).count(),
        "季度数据": QuarterlyReport.objects.filter(is_demo_data=True).count(),
    }
    for seed_extra, _clear in _EXTRA_DEMOS:
        counts |= seed_extra()
    bulk_data_changed.send(sender=seed_demo)
    return counts
