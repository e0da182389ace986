"""The demo logins' inbox: the notices the demo data's reporting story would have sent (the city's return
and reopening to the counties, the waiting submissions to the city admins, the last complete quarter to
the leaders), dated when it happened. Keyed, so running ``create_demo_users`` again adds nothing."""

from django.db.models import Count, Max
from django.utils import timezone

from counties import notices
from counties.models import County, QuarterlyReport, ReportStatus
from counties.timeliness import due_date
from notifications.models import Notification


def _dated(created: list, when) -> int:
    if when and created:
        Notification.objects.filter(pk__in=[n.pk for n in created]).update(created_at=when)
    return len(created)


def demo_inbox_fill(*, reviewer) -> int:
    """Send the demo story's notices once (``reviewer`` is named as the city's reviewer); returns how many."""
    demo = QuarterlyReport.objects.filter(is_demo_data=True).select_related("county")
    # notices about demo reports that a later seed_demo replaced (their links would lead nowhere)
    alive = {str(pk) for pk in demo.values_list("pk", flat=True)}
    keyed = Notification.objects.filter(dedupe_key__regex=r"^demo:[0-9]+:").values_list("pk", "dedupe_key")
    Notification.objects.filter(pk__in=[pk for pk, key in keyed if key.split(":")[1] not in alive]).delete()
    demo.filter(reviewed_at__isnull=False, reviewed_by__isnull=True).update(reviewed_by=reviewer)
    sent = 0
    for report in demo.filter(status=ReportStatus.RETURNED).select_related("reviewed_by"):
        send = notices.report_reopened if report.reopen_reason else notices.report_returned
        sent += _dated(send(report, dedupe_key=f"demo:{report.pk}:returned"), report.reviewed_at)
    for report in demo.filter(status=ReportStatus.SUBMITTED):
        first = report.first_submitted_at or report.submitted_at
        late = (timezone.localdate(first) - due_date(report.year, report.quarter)).days if first else 0
        created = notices.report_submitted(
            report, again=False, days_late=max(late, 0), dedupe_key=f"demo:{report.pk}:submitted"
        )
        sent += _dated(created, report.submitted_at)
    units = County.objects.units()
    latest = (
        QuarterlyReport.objects.filter(status=ReportStatus.APPROVED, county__in=units)
        .values("year", "quarter")
        .annotate(n=Count("county", distinct=True), last=Max("reviewed_at"))
        .filter(n=units.count())
        .order_by("-year", "-quarter")
        .first()
    )
    if latest:
        year, quarter = latest["year"], latest["quarter"]
        created = notices.quarter_complete(year, quarter, latest["n"], dedupe_key=f"demo:complete:{year}Q{quarter}")
        sent += _dated(created, latest["last"])
    return sent
