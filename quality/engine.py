"""Checking many reports at once: every active rule, the min-max bounds and the modified z-score.

``check_all(items)`` is what the form, the review queue, the spreadsheet preview, the timeliness page
and the batch run share. Its queries are fixed: the rules, the values (``facts``: seven), the bounds,
the outlier settings, the other counties' figures for the same quarters, and — with ``with_notes`` —
the explanations and open follow-ups of the reports among the items.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from counties import checks
from counties.checks import Figures, Finding
from counties.models import QuarterlyReport, ReportStatus
from quality import facts, outliers
from quality.expressions import ExpressionError
from quality.models import (
    Explanation,
    FollowUp,
    FollowUpStatus,
    Importance,
    MinMaxBound,
    Operator,
    OutlierSettings,
    ValidationRule,
)
from quality.rules import FAILED, PASSED, SKIPPED, CompiledRule, Outcome
from quality.variables import FIGURES, in_language
from shangqiu_cbec.language import is_english

log = logging.getLogger(__name__)
PEER_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
OPERATOR_LABELS = dict(Operator.choices)  # read once: an enum's choices are rebuilt on every access


@dataclass
class Checked:
    """Everything found about one item."""

    item: Figures
    outcomes: list[tuple[CompiledRule, Outcome]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    outlier_facts: list["OutlierFact"] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for _, o in self.outcomes if o.status == status)

    @property
    def outliers(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == checks.OUTLIER]


def active_rules() -> list[CompiledRule]:
    """The active rules, parsed; a rule whose text no longer parses (edited outside the admin) is left out."""
    compiled = []
    for rule in ValidationRule.objects.filter(is_active=True):
        c = CompiledRule(rule)
        try:
            c.names  # noqa: B018 - parses all three expressions
        except ExpressionError as exc:
            log.warning("validation rule %s does not parse and is skipped: %s", rule.code, exc)
            continue
        compiled.append(c)
    return compiled


def check_all(
    items: list[Figures], *, with_notes: bool = True, rules: list[CompiledRule] | None = None
) -> list[Checked]:
    """Check every item against every active rule and both outlier methods."""
    if not items:
        return []
    rules = active_rules() if rules is None else rules
    values = facts.values_for(items) if rules else [{} for _ in items]
    notes = _notes(items) if with_notes else _Notes()
    settings = OutlierSettings.current()
    bounds = _bounds({i.county_id for i in items})
    spreads = _spreads(items, settings.min_peers)
    english = is_english()  # asked once: the active language is a thread-local lookup
    result = []
    for item, item_values in zip(items, values, strict=True):
        checked = Checked(item)
        for rule in rules:
            outcome = rule.check(item_values)
            checked.outcomes.append((rule, outcome))
            if outcome.failed:
                checked.findings.append(_rule_finding(rule, outcome, notes.explanation(item, rule), english))
        checked.outlier_facts = _bound_facts(item, bounds) + _z_facts(item, spreads, settings.z_threshold)
        checked.findings.extend(outlier_finding(fact) for fact in checked.outlier_facts)
        checked.findings.extend(notes.follow_up_findings(item))
        result.append(checked)
    return result


# -- rules ------------------------------------------------------------------------------------


def number(value: Decimal | None) -> str:
    """A value as people read it: thousands grouped, cents only when there are any."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def rule_detail(
    *, left: str, right: str, operator: str, lv: Decimal | None, rv: Decimal | None, english: bool | None = None
) -> str:
    """Both sides of a broken rule with their values, the expressions' names in the reader's language."""
    english = is_english() if english is None else english
    return _("%(left)s = %(lv)s；%(right)s = %(rv)s；应满足：左边 %(op)s 右边") % {
        "left": in_language(left, english=english),
        "lv": number(lv),
        "right": in_language(right, english=english),
        "rv": number(rv),
        "op": _(OPERATOR_LABELS[operator]) if operator in OPERATOR_LABELS else operator,
    }


def _rule_finding(rule: CompiledRule, outcome: Outcome, explanation: str, english: bool) -> Finding:
    r = rule.rule
    return Finding(
        code=r.code,
        kind=checks.RULE,
        severity=r.importance,
        title=r.name_en if english and r.name_en else r.name,
        detail=rule_detail(
            left=r.left_expression,
            right=r.right_expression,
            operator=r.operator,
            lv=outcome.left,
            rv=outcome.right,
            english=english,
        ),
        instruction=r.instruction_en if english and r.instruction_en else r.instruction,
        field=_field_of(rule),
        explanation=explanation,
        blocking=r.importance == Importance.HIGH,
        confirm=r.confirm_on_import,
    )


def _field_of(rule: CompiledRule) -> str:
    """The report field a rule is mostly about: the first figure its left side reads."""
    for name in FIGURES:
        if name in rule.left.names:
            return name
    for name in FIGURES:
        if name in rule.names:
            return name
    return ""


# -- outliers ---------------------------------------------------------------------------------


def _bounds(county_ids) -> dict[tuple[int, str], MinMaxBound]:
    return {(b.county_id, b.figure): b for b in MinMaxBound.objects.filter(county_id__in=sorted(county_ids))}


def _figure_label(figure: str) -> str:
    from quality.models import Figure

    return _(Figure(figure).label)


@dataclass(frozen=True)
class OutlierFact:
    """What an outlier check found, as data (a batch run stores it; the words are made when shown).

    ``params`` are strings of decimals: ``value``, ``low``, ``high`` for a bound; ``z``, ``n``, ``median``,
    ``threshold`` for the modified z-score.
    """

    code: str  # bound_<figure> or zscore_<figure>
    figure: str
    params: dict


def _bound_facts(item: Figures, bounds) -> list[OutlierFact]:
    found = []
    for figure in FIGURES:
        bound = bounds.get((item.county_id, figure))
        value = Decimal(getattr(item, figure))
        if bound is None or bound.minimum <= value <= bound.maximum:
            continue
        params = {"value": str(value), "low": str(bound.minimum), "high": str(bound.maximum)}
        found.append(OutlierFact(f"bound_{figure}", figure, params))
    return found


def outlier_finding(fact: OutlierFact) -> Finding:
    """The outlier in words, in the active language."""
    p = {key: Decimal(value) for key, value in fact.params.items()}
    label = _figure_label(fact.figure)
    if fact.code.startswith("bound_"):
        return Finding(
            code=fact.code,
            kind=checks.OUTLIER,
            severity=checks.MEDIUM,
            title=_("%(figure)s超出本县区正常范围") % {"figure": label},
            detail=_("数值 %(value)s，正常范围 %(low)s～%(high)s")
            % {"value": number(p["value"]), "low": number(p["low"]), "high": number(p["high"])},
            field=fact.figure,
        )
    return Finding(
        code=fact.code,
        kind=checks.OUTLIER,
        severity=checks.LOW,
        title=_("%(figure)s与同季度其他县区相比异常") % {"figure": label},
        detail=_("修正Z值 %(z)s（%(n)d个县区的中位数 %(median)s，阈值 %(threshold)s）")
        % {
            "z": f"{p['z']:.2f}",
            "n": int(p["n"]),
            "median": number(p["median"]),
            "threshold": f"{p['threshold'].normalize():f}",
        },
        field=fact.figure,
    )


def _spreads(items: list[Figures], min_peers: int) -> dict[tuple[int, int, str], outliers.Spread]:
    """Each quarter's spread of each figure across counties: submitted and approved reports, with the
    items in place of their own county's stored report (a draft is compared with the others)."""
    quarters = {(i.year, i.quarter) for i in items}
    condition = Q()
    for year, quarter in quarters:
        condition |= Q(year=year, quarter=quarter)
    rows = QuarterlyReport.objects.filter(condition, status__in=PEER_STATUSES).order_by()
    by_quarter: dict[tuple[int, int], dict[int, dict]] = defaultdict(dict)
    for row in rows.values("county_id", "year", "quarter", *FIGURES):
        by_quarter[(row["year"], row["quarter"])][row["county_id"]] = row
    for item in items:
        by_quarter[(item.year, item.quarter)][item.county_id] = {f: getattr(item, f) for f in FIGURES}
    spreads = {}
    for (year, quarter), counties in by_quarter.items():
        if len(counties) < min_peers:
            continue
        for figure in FIGURES:
            spreads[(year, quarter, figure)] = outliers.spread([Decimal(r[figure]) for r in counties.values()])
    return spreads


def _z_facts(item: Figures, spreads, threshold: Decimal) -> list[OutlierFact]:
    found = []
    for figure in FIGURES:
        spread = spreads.get((item.year, item.quarter, figure))
        if spread is None:
            continue
        z = spread.z(Decimal(getattr(item, figure)))
        if z is None or abs(z) <= threshold:
            continue
        params = {"z": str(z), "n": str(spread.n), "median": str(spread.median), "threshold": str(threshold)}
        found.append(OutlierFact(f"zscore_{figure}", figure, params))
    return found


# -- what people wrote ------------------------------------------------------------------------


class _Notes:
    """Explanations and open follow-ups of the stored reports among the items (two queries)."""

    def __init__(self, explanations=None, follow_ups=None):
        self.explanations = explanations or {}
        self.follow_ups = follow_ups or defaultdict(list)

    def explanation(self, item: Figures, rule: CompiledRule) -> str:
        return self.explanations.get((item.report_id, rule.rule.pk), "")

    def follow_up_findings(self, item: Figures) -> list[Finding]:
        return [
            Finding(
                code=f"followup_{f.pk}",
                kind=checks.FOLLOW_UP,
                severity=checks.HIGH,
                title=_("市商务局要求跟进：%(figure)s") % {"figure": _(f.get_figure_display())},
                detail=f.reason,
                field=f.figure,
            )
            for f in self.follow_ups.get(item.report_id, [])
        ]


def _notes(items: list[Figures]) -> _Notes:
    ids = {i.report_id for i in items if i.report_id}
    if not ids:
        return _Notes()
    # Filtered by county and year (a short list whatever the batch's size), then narrowed in Python.
    scope = {
        "report__county_id__in": sorted({i.county_id for i in items}),
        "report__year__in": sorted({i.year for i in items}),
    }
    explanations = {
        (e["report_id"], e["rule_id"]): e["text"]
        for e in Explanation.objects.filter(**scope).values("report_id", "rule_id", "text")
        if e["report_id"] in ids
    }
    follow_ups = defaultdict(list)
    for f in FollowUp.objects.filter(status=FollowUpStatus.OPEN, **scope).order_by("created_at"):
        if f.report_id in ids:
            follow_ups[f.report_id].append(f)
    return _Notes(explanations, follow_ups)


__all__ = [
    "FAILED",
    "PASSED",
    "SKIPPED",
    "Checked",
    "OutlierFact",
    "active_rules",
    "check_all",
    "number",
    "outlier_finding",
    "rule_detail",
]
