"""Checks that a higher layer runs on quarterly figures, without ``counties`` knowing that layer.

``counties`` sits at the bottom of the imports (counties <- enterprises <- targets <- dashboards), yet
the data-quality rules that judge a report read the registries above it. So ``counties`` only
defines what it asks (``ReportChecks``) and what it gets back (``Finding``, ``Accuracy``); a layer
above registers a provider in its ``AppConfig.ready()`` (``quality`` does) and ``counties`` calls it:

- the report form: ``findings()`` for the saved figures; saving shows them as warnings, and each
  finding the provider marks ``blocking`` needs an explanation (``explain()``) before submitting;
  ``initial()`` proposes values for a quarter not entered yet, ``form_panel()`` adds a note beside it;
- ``report_submit`` / ``report_resubmit`` (the services, so no POST can skip it): ``unexplained()``;
- the review queue and the report page: ``findings()`` beside each report, ``report_panel()``;
- the spreadsheet preview of quarterly figures: ``findings()`` for each row, shown beside it; those marked
  ``confirm`` must be confirmed before the file is written;
- the timeliness page: ``accuracy()`` per county and quarter.

With no provider registered every call answers "nothing found" and the workflow is as before.
Providers must answer for many reports in a fixed number of queries (the review queue and the
preview pass them all at once).
"""

from dataclasses import dataclass, field
from decimal import Decimal

HIGH, MEDIUM, LOW = "high", "medium", "low"
RULE, OUTLIER, FOLLOW_UP = "rule", "outlier", "follow_up"


@dataclass(frozen=True)
class Figures:
    """One county's figures for one quarter, saved (``report_id``) or only entered (a form, a file row)."""

    county_id: int
    year: int
    quarter: int
    transaction_usd: Decimal
    employees: int
    reporting_enterprises: int
    report_id: int | None = None

    @classmethod
    def of(cls, report) -> "Figures":
        return cls(
            report.county_id,
            report.year,
            report.quarter,
            report.transaction_usd,
            report.employees,
            report.reporting_enterprises,
            report.pk,
        )

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.county_id, self.year, self.quarter)


@dataclass(frozen=True)
class Finding:
    """Something a check found about one report's figures, in words for the officer and the reviewer."""

    code: str  # stable and HTML-safe, e.g. "reporting_le_filed"; explanations are keyed by it
    kind: str  # RULE, OUTLIER or FOLLOW_UP
    severity: str  # HIGH, MEDIUM or LOW
    title: str
    detail: str = ""
    instruction: str = ""
    field: str = ""  # the report field it concerns ("" for the report as a whole)
    explanation: str = ""  # what the county wrote about it, if anything
    blocking: bool = False  # submitting needs an explanation
    confirm: bool = False  # a spreadsheet import asks before writing figures with this finding

    @property
    def explainable(self) -> bool:
        return self.kind == RULE

    @property
    def unexplained_block(self) -> bool:
        return self.blocking and not self.explanation.strip()


@dataclass
class Accuracy:
    """How far a county's figures for one quarter can be trusted (按时准确's "准确")."""

    rules_checked: int = 0
    rules_passed: int = 0
    unexplained: int = 0  # rules broken with no explanation
    outliers: int = 0
    open_follow_ups: int = 0
    notes: list = field(default_factory=list)

    @property
    def accurate(self) -> bool:
        """Every rule passed or was explained, and the city has nothing open about the figures."""
        return bool(self.rules_checked) and not self.unexplained and not self.open_follow_ups


class ReportChecks:
    """What ``counties`` asks of a checking layer. Subclass and override what you provide."""

    def findings(self, items: list[Figures]) -> list[list[Finding]]:
        """For each item, what was found (same order as ``items``)."""
        return [[] for _ in items]

    def explain(self, *, report, explanations: dict[str, str], user) -> None:
        """Store what the county wrote (finding code -> text) about ``report``'s findings."""

    def accuracy(self, *, county_ids: list[int], year: int) -> dict[tuple[int, int], Accuracy]:
        """``{(county_id, quarter): Accuracy}`` for the reports of ``year``."""
        return {}

    def report_panel(self, request, report, found: list[Finding]) -> str:
        """HTML shown on the report's page under its figures ("" for none); ``found`` are its findings."""
        return ""

    def form_panel(self, request, *, county, year: int, quarter: int) -> str:
        """HTML shown beside the report form (e.g. what the registries say about the quarter)."""
        return ""

    def initial(self, *, county_id: int, year: int, quarter: int) -> dict:
        """Values to propose for a quarter not entered yet (field name -> value)."""
        return {}


_providers: list[ReportChecks] = []


def register(provider: ReportChecks) -> None:
    """Add a provider (once; registering the same class again replaces it, for reloads in tests)."""
    _providers[:] = [p for p in _providers if type(p) is not type(provider)]
    _providers.append(provider)


def findings(items: list[Figures]) -> list[list[Finding]]:
    merged: list[list[Finding]] = [[] for _ in items]
    for provider in _providers:
        for found, more in zip(merged, provider.findings(items), strict=True):
            found.extend(more)
    return merged


def findings_for_report(report) -> list[Finding]:
    return findings([Figures.of(report)])[0]


def findings_by_report(reports) -> dict[int, list[Finding]]:
    reports = list(reports)
    return {r.pk: found for r, found in zip(reports, findings([Figures.of(r) for r in reports]), strict=True)}


def unexplained(report) -> list[Finding]:
    """The blocking findings of ``report`` that have no explanation yet: submitting must wait for them."""
    return [f for f in findings_for_report(report) if f.unexplained_block]


def explain(*, report, explanations: dict[str, str], user) -> None:
    for provider in _providers:
        provider.explain(report=report, explanations=explanations, user=user)


def accuracy(*, county_ids: list[int], year: int) -> dict[tuple[int, int], Accuracy]:
    merged: dict[tuple[int, int], Accuracy] = {}
    for provider in _providers:
        for key, value in provider.accuracy(county_ids=county_ids, year=year).items():
            merged[key] = value
    return merged


def report_panels(request, report, found: list[Finding]) -> list[str]:
    return [html for p in _providers if (html := p.report_panel(request, report, found))]


def form_panels(request, *, county, year: int, quarter: int) -> list[str]:
    return [html for p in _providers if (html := p.form_panel(request, county=county, year=year, quarter=quarter))]


def initial(*, county_id: int, year: int, quarter: int) -> dict:
    values: dict = {}
    for provider in _providers:
        values.update(provider.initial(county_id=county_id, year=year, quarter=quarter))
    return values


_FLAG_ORDER = {OUTLIER: 1, RULE: 2, FOLLOW_UP: 3}


def field_flags(found: list[Finding]) -> dict[str, str]:
    """``{report field: CSS class}`` for colouring figures: ``flag-follow_up``, ``flag-rule`` or ``flag-outlier``
    (the strongest, when several findings name the same field)."""
    flags: dict[str, str] = {}
    for f in sorted((f for f in found if f.field), key=lambda f: _FLAG_ORDER[f.kind]):
        flags[f.field] = f"flag-{f.kind}"
    return flags
