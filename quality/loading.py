"""The starting validation rules (``quality/fixtures/rules.json``), added where missing after every migrate.

Idempotent: a rule already in the database (matched by code) is never overwritten, so what city admins
changed in the admin stays. ``manage.py load_rules --reset`` puts the starting definitions back.
"""

import json
from pathlib import Path

from django.db import transaction

RULES_FILE = Path(__file__).resolve().parent / "fixtures" / "rules.json"


def starting_rules() -> list[dict]:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"]


@transaction.atomic
def load_rules(*, reset: bool = False) -> tuple[int, int]:
    """Add the missing starting rules (and, with ``reset``, restore the others). Returns (added, restored)."""
    from quality.models import OutlierSettings, ValidationRule

    added = restored = 0
    for row in starting_rules():
        fields = {k: v for k, v in row.items() if k != "code"}
        rule, created = ValidationRule.objects.get_or_create(code=row["code"], defaults={**fields, "is_builtin": True})
        if created:
            added += 1
        elif reset:
            for name, value in {**fields, "is_builtin": True}.items():
                setattr(rule, name, value)
            rule.save()
            restored += 1
    if not OutlierSettings.objects.exists():
        OutlierSettings.objects.create()
    return added, restored


def load_starting_rules(**kwargs) -> None:
    """``post_migrate`` receiver."""
    load_rules()
