"""Reads for the data-quality pages and hooks, each a fixed number of queries."""

from dataclasses import dataclass

from counties import checks
from counties.checks import Accuracy, Figures
from counties.models import County, QuarterlyReport, ReportStatus
from quality import engine
from quality.models import Comment, CommentKind, Figure, FollowUp, FollowUpStatus
from quality.rules import FAILED, PASSED

#: Reports whose accuracy is judged: those the county has sent at least once.
SENT = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED)


def accuracy(*, county_ids: list[int], year: int) -> dict[tuple[int, int], Accuracy]:
    """Per county and quarter of ``year``: rules passed, unexplained failures, outliers, open follow-ups."""
    reports = QuarterlyReport.objects.filter(county_id__in=county_ids, year=year, status__in=SENT).order_by()
    checked = engine.check_all([Figures.of(r) for r in reports])
    result = {}
    for c in checked:
        failed = [f for f in c.findings if f.kind == checks.RULE]
        result[(c.item.county_id, c.item.quarter)] = Accuracy(
            rules_checked=c.count(PASSED) + c.count(FAILED),
            rules_passed=c.count(PASSED),
            unexplained=sum(1 for f in failed if not f.explanation.strip()),
            outliers=len(c.outliers),
            open_follow_ups=sum(1 for f in c.findings if f.kind == checks.FOLLOW_UP),
        )
    return result


def thread(report: QuarterlyReport) -> list[Comment]:
    """The report's messages, oldest first, with their authors' counties (one query)."""
    return list(
        Comment.objects.filter(report=report)
        .select_related("author__membership__county", "follow_up")
        .order_by("created_at", "pk")
    )


def follow_ups_of(report: QuarterlyReport) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(report=report).select_related("created_by", "resolved_by").order_by("-created_at")
    )


def follow_up_list(user, *, status: str = FollowUpStatus.OPEN, county: County | None = None):
    """Follow-ups on the reports ``user`` may see, newest first."""
    qs = FollowUp.objects.filter(report__county__in=County.objects.visible_to(user))
    if status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    if county is not None:
        qs = qs.filter(report__county=county)
    return qs.select_related("report__county", "created_by", "resolved_by").order_by("-created_at", "-pk")


def latest_replies(follow_ups) -> dict[int, Comment]:
    """The newest message answering each follow-up (one query); marking and resolving are not answers."""
    ids = [f.pk for f in follow_ups]
    latest = {}
    answers = Comment.objects.filter(follow_up_id__in=ids, kind=CommentKind.MESSAGE).select_related("author")
    for c in answers.order_by("created_at", "pk"):
        latest[c.follow_up_id] = c
    return latest


@dataclass
class OutlierRow:
    report: QuarterlyReport
    figure: str
    value: object
    findings: list

    @property
    def figure_label(self) -> str:
        return Figure(self.figure).label


def outlier_rows(user, year: int, quarter: int, *, figure: str = "", show_all: bool = False) -> list[OutlierRow]:
    """Every figure of the quarter's reports the user may see, with what the outlier checks found."""
    reports = list(
        QuarterlyReport.objects.filter(county__in=County.objects.visible_to(user), year=year, quarter=quarter)
        .select_related("county")
        .order_by("county__order", "county__code")
    )
    checked = engine.check_all([Figures.of(r) for r in reports], with_notes=False, rules=[])
    rows = []
    for report, c in zip(reports, checked, strict=True):
        for name in Figure.values:
            if figure and name != figure:
                continue
            found = [f for f in c.outliers if f.field == name]
            if found or show_all:
                rows.append(OutlierRow(report, name, getattr(report, name), found))
    return rows


def quarters_with_reports(user) -> list[tuple[int, int]]:
    """(year, quarter) pairs that have figures the user may see, newest first."""
    qs = (
        QuarterlyReport.objects.visible_to(user).order_by("-year", "-quarter").values_list("year", "quarter").distinct()
    )
    return list(qs)
