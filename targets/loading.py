"""Loading the plan's data files (``fixtures/``) into the database.

The files are the source of truth for what the plan says; loading is idempotent and atomic. What
the city records about progress (a milestone's status, date reached and evidence) is never
overwritten by a reload.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from counties.models import County
from targets.models import Baseline, Indicator, Milestone, Plan, Target

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
COUNTIES_FILE = FIXTURES / "counties.json"
PLANS_DIR = FIXTURES / "plans"


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@transaction.atomic
def load_counties(data: dict) -> int:
    """Create or update every county of ``data["counties"]``, matched by code. Returns how many."""
    for row in data["counties"]:
        code = row["code"]
        County.objects.update_or_create(code=code, defaults={k: v for k, v in row.items() if k != "code"})
    return len(data["counties"])


def _target_defaults(row: dict, minimum) -> dict:
    maximum = row.get("max")
    return {
        "minimum": Decimal(str(minimum)),
        "maximum": Decimal(str(maximum)) if maximum is not None else None,
        "is_strict": row.get("strict", False),
        "is_aspirational": row.get("aspirational", False),
        "counts": row["counts"],
        "clause": row["clause"],
        "note": row.get("note", ""),
    }


def _load_targets(plan: Plan, rows: list[dict]) -> int:
    counties = {c.code: c for c in County.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    kept = []
    for row in rows:
        indicator = indicators[row["indicator"]]
        key = {"plan": plan, "indicator": indicator, "year": row["year"]}
        if row.get("city_wide", True):
            target, _ = Target.objects.update_or_create(county=None, **key, defaults=_target_defaults(row, row["min"]))
            kept.append(target.pk)
        for code, quota in row.get("counties", {}).items():
            county_row = {**row, "max": None}  # a county's share is a single number
            target, _ = Target.objects.update_or_create(
                county=counties[code], **key, defaults=_target_defaults(county_row, quota)
            )
            kept.append(target.pk)
    Target.objects.filter(plan=plan).exclude(pk__in=kept).delete()
    return len(kept)


@transaction.atomic
def load_plan(data: dict) -> Plan:
    """Create or update a plan with its indicators, targets, milestones and baselines."""
    for row in data["indicators"]:
        Indicator.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    fields = dict(data["plan"])
    plan, _ = Plan.objects.update_or_create(code=fields.pop("code"), defaults=fields)
    _load_targets(plan, data["targets"])
    for row in data["milestones"]:
        Milestone.objects.update_or_create(
            plan=plan,
            code=row["code"],
            defaults={
                "title": row["title"],
                "title_en": row.get("title_en", ""),
                "year": row.get("year"),
                "is_aspirational": row.get("aspirational", False),
                "clause": row["clause"],
                "order": row["order"],
            },
        )
    for row in data["baselines"]:
        defaults = {k: v for k, v in row.items() if k != "code"}
        defaults["value"] = Decimal(str(defaults["value"]))
        Baseline.objects.update_or_create(plan=plan, code=row["code"], defaults=defaults)
    return plan


def load_all() -> list[Plan]:
    """Load the counties and every plan file under ``fixtures/plans``."""
    load_counties(read_json(COUNTIES_FILE))
    return [load_plan(read_json(path)) for path in sorted(PLANS_DIR.glob("*.json"))]
