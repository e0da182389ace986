"""Batch validation: every active rule and both outlier checks over chosen years, quarters and counties.

``run_create`` records what was asked and by whom; ``run_execute`` checks the reports and stores the
outcome with the run (see ``RuleRun``). The page and ``manage.py validate_reports`` use both; a long
batch can run as a background job (``quality.tasks``). The number of queries is fixed whatever the
number of counties, quarters and reports (``engine.check_all`` plus a handful here).
"""

import logging
from collections import Counter
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from counties import checks, roles
from counties.checks import Figures
from counties.models import County, QuarterlyReport
from quality import engine
from quality.models import RuleRun, RunStatus
from quality.rules import FAILED, PASSED, SKIPPED
from quality.variables import in_language
from shangqiu_cbec.language import is_english

log = logging.getLogger(__name__)
#: The shape of ``RuleRun.results``: 2 keeps values and outlier figures as data, put in words when shown.
RESULTS_FORMAT = 2


def run_create(*, user, years: list[int], quarters: list[int], counties: list[County] | None = None) -> RuleRun:
    """Record a batch run (city admins, or the command line with ``user=None``)."""
    if user is not None and not roles.is_city_admin(user):
        raise PermissionDenied
    years = sorted({int(y) for y in years})
    quarters = sorted({int(q) for q in quarters})
    if not years:
        raise ValidationError(_("请至少选择一个年度。"))
    if not quarters or not set(quarters) <= {1, 2, 3, 4}:
        raise ValidationError(_("请选择第1～4季度中的至少一个。"))
    if any(not 2000 <= y <= 2100 for y in years):
        raise ValidationError(_("年度应在2000年至2100年之间。"))
    with transaction.atomic():
        run = RuleRun.objects.create(started_by=user, years=years, quarters=quarters)
        if counties:
            run.counties.set(counties)
    return run


def run_execute(*, run_id: int, progress=None) -> RuleRun:
    """Check the run's reports and store the results; a failure is recorded on the run, then raised."""
    run = RuleRun.objects.get(pk=run_id)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        _execute(run, progress)
    except Exception as exc:
        log.exception("validation run %s failed", run.pk)
        RuleRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc), finished_at=timezone.now())
        raise
    return run


def _execute(run: RuleRun, progress) -> None:
    county_ids = list(run.counties.values_list("pk", flat=True))
    reports = QuarterlyReport.objects.filter(year__in=run.years, quarter__in=run.quarters).order_by()
    if county_ids:
        reports = reports.filter(county_id__in=county_ids)
    rows = list(
        reports.values_list(
            "pk", "county_id", "year", "quarter", "transaction_usd", "employees", "reporting_enterprises", "status"
        )
    )
    items = [Figures(c, y, q, t, e, r, pk) for pk, c, y, q, t, e, r, _ in rows]
    status_of = {row[0]: row[7] for row in rows}
    if progress:
        progress(done=0, total=len(items))
    rules = engine.active_rules()
    checked = engine.check_all(items, rules=rules)
    if progress:
        progress(done=len(items), total=len(items))
    tally = Counter()
    failures, outliers = [], []
    for c in checked:
        where = [c.item.report_id, c.item.county_id, c.item.year, c.item.quarter, status_of[c.item.report_id]]
        explanations = {f.code: f.explanation for f in c.findings if f.kind == checks.RULE}
        for rule, outcome in c.outcomes:
            tally[outcome.status] += 1
            if outcome.failed:
                code = rule.rule.code
                failures.append([*where, code, _text(outcome.left), _text(outcome.right), explanations.get(code, "")])
        for fact in c.outlier_facts:
            outliers.append([*where, fact.code, fact.figure, fact.params])
    counties = County.objects.filter(pk__in={c.item.county_id for c in checked}).values_list("pk", "name", "name_en")
    run.results = {
        "format": RESULTS_FORMAT,
        "rules": {
            r.rule.code: {
                "name": r.rule.name,
                "name_en": r.rule.name_en,
                "importance": r.rule.importance,
                "left": r.rule.left_expression,
                "operator": r.rule.operator,
                "right": r.rule.right_expression,
                "expression": f"{r.rule.left_expression} {r.rule.operator} {r.rule.right_expression}",
                "condition": r.rule.condition,
            }
            for r in rules
        },
        "counties": {str(pk): [name, name_en] for pk, name, name_en in counties},
        "failures": failures,
        "outliers": outliers,
    }
    run.reports_checked = len(items)
    run.passed, run.failed, run.skipped = tally[PASSED], tally[FAILED], tally[SKIPPED]
    run.rules_checked = run.passed + run.failed
    run.outliers = len(outliers)
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.save()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def county_names(run: RuleRun) -> dict[str, str]:
    """The run's counties by id (a string, as JSON keeps it), named in the reader's language."""
    names = {}
    for pk, name in run.results.get("counties", {}).items():
        if isinstance(name, list):  # [Chinese, English]; older runs kept the Chinese name only
            name = name[1] if is_english() and name[1] else name[0]
        names[pk] = name
    return names


def rules_as_run(run: RuleRun) -> dict[str, dict]:
    """The rules as they read when the run checked them, with the name and expressions for the reader."""
    english = is_english()
    shown = {}
    for code, rule in run.results.get("rules", {}).items():
        rule = dict(rule)
        rule["shown_name"] = rule.get("name_en") if english and rule.get("name_en") else rule["name"]
        if "left" in rule:
            rule["expression"] = " ".join(
                [
                    in_language(rule["left"], english=english),
                    rule["operator"],
                    in_language(rule["right"], english=english),
                ]
            )
        rule["condition"] = in_language(rule["condition"], english=english) if rule.get("condition") else ""
        shown[code] = rule
    return shown


def failures_by_rule(run: RuleRun) -> list[tuple[str, dict, int]]:
    """``[(rule code, rule as it was, failures)]`` in the run's rule order."""
    counts = Counter(row[5] for row in run.results.get("failures", []))
    return [(code, rule, counts[code]) for code, rule in rules_as_run(run).items()]


def failure_row(row: list, names: dict, rules: dict) -> dict:
    """A stored failure as the results page shows it, in the reader's language."""
    report_id, county_id, year, quarter, status, code, *rest = row
    rule = rules.get(code, {})
    if len(rest) == 3:
        left, right, explanation = rest
        detail = engine.rule_detail(
            left=rule.get("left", ""),
            right=rule.get("right", ""),
            operator=rule.get("operator", ""),
            lv=_decimal(left),
            rv=_decimal(right),
        )
    else:  # runs stored before the values were kept as numbers: the words of the day
        detail, explanation = rest
    return {
        "report_id": report_id,
        "county": names.get(str(county_id), county_id),
        "year": year,
        "quarter": quarter,
        "status": status,
        "rule": rule.get("shown_name", code),
        "importance": rule.get("importance", ""),
        "detail": detail,
        "explanation": explanation,
    }


def outlier_row(row: list, names: dict) -> dict:
    """A stored outlier as the results page shows it, in the reader's language."""
    report_id, county_id, year, quarter, status, code, figure, *rest = row
    if len(rest) == 1:
        finding = engine.outlier_finding(engine.OutlierFact(code, figure, rest[0]))
        title, detail = finding.title, finding.detail
    else:  # older runs kept the words
        title, detail = rest
    return {
        "report_id": report_id,
        "county": names.get(str(county_id), county_id),
        "year": year,
        "quarter": quarter,
        "status": status,
        "title": title,
        "detail": detail,
    }
