"""The official bulletin: made and sent to the leadership group once a quarter's figures are all approved.

Two ways in, both ending in ``bulletin_send`` (which sends a quarter's bulletin at most once):

* ``counties.signals.quarter_completed``, sent when the last unit's report of a quarter is approved, starts
  the job ``dashboards.tasks.send_bulletin`` (rendering takes seconds; the approval does not wait for it);
* the daily job ``dashboards.tasks.send_due_bulletins`` sends any quarter completed in the last
  ``BULLETIN_CATCH_UP_DAYS`` days that was missed (a worker down when the signal came). It does not reach
  further back, so installing the portal does not flood the leaders with the bulletins of past years.

The leaders are told through ``notifications`` (inbox, and email as each chose), with a link to the page
where both files can be downloaded. The official bulletin counts approved figures only, in Chinese.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties import roles
from counties.models import County, QuarterlyReport, ReportStatus
from counties.selectors import quarter_complete
from dashboards import selectors
from dashboards.bulletin.content import quarter_words
from dashboards.bulletin.pdf import pdf_available
from dashboards.bulletin.services import OFFICIAL_LANGUAGE, bulletin_generate
from dashboards.models import Bulletin, BulletinFormat
from notifications.kinds import Kind, register
from notifications.services import notification_send

log = logging.getLogger(__name__)
KIND = "quarterly_bulletin"


def register_kind() -> None:
    register(
        Kind(
            KIND,
            gettext_lazy("季度通报"),
            gettext_lazy("某季度各县区数据全部审核通过后自动生成的季度通报（Word 和 PDF）"),
            roles.is_leader,
            email_default=True,
            order=20,
        )
    )


def leaders():
    return get_user_model().objects.filter(is_active=True, groups__name=roles.LEADERSHIP).distinct()


def _sent(plan, year: int, quarter: int) -> bool:
    return Bulletin.objects.filter(
        plan=plan, year=year, quarter=quarter, include_pending=False, sent_at__isnull=False
    ).exists()


def bulletin_send(*, year: int, quarter: int) -> Bulletin | None:
    """Make the official bulletin of a complete quarter and notify the leaders; None if the quarter is not
    complete or its bulletin was already sent. Safe to run any number of times, also concurrently: the
    bulletin row is locked while it is marked sent, and each leader's notice has a unique key."""
    if not quarter_complete(year, quarter):
        return None
    try:
        plan = selectors.choose(year, quarter).plan
    except Http404:
        return None  # a quarter of no loaded plan
    if _sent(plan, year, quarter):
        return None
    formats = (BulletinFormat.PDF, BulletinFormat.DOCX) if pdf_available() else (BulletinFormat.DOCX,)
    bulletin = bulletin_generate(year=year, quarter=quarter, formats=formats, language=OFFICIAL_LANGUAGE)
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.sent_at is not None or _sent(plan, year, quarter):
            return None
        locked.sent_at = timezone.now()
        locked.save(update_fields=["sent_at"])
        _notify(locked)
    return locked


def _notify(bulletin: Bulletin) -> None:
    def message():
        words = quarter_words(bulletin.year, bulletin.quarter)
        subject = _("%(quarter)s季度通报已生成") % {"quarter": words}
        body = _(
            "全部县区（功能区）%(quarter)s的数据已审核通过。季度通报（仅计已审核数据）已自动生成，"
            "可在“季度通报”页面下载 Word 或 PDF 文件。"
        ) % {"quarter": words}
        return subject, body

    url = f"{reverse('bulletins')}?year={bulletin.year}&quarter={bulletin.quarter}"
    key = f"bulletin:{bulletin.plan_id}:{bulletin.year}-{bulletin.quarter}"
    notification_send(recipients=leaders(), kind=KIND, message=message, url=url, dedupe_key=key)


def recently_completed(today: datetime.date) -> list[tuple[int, int]]:
    """Quarters every unit has approved figures for, the last approved within ``BULLETIN_CATCH_UP_DAYS``."""
    since = timezone.make_aware(datetime.datetime.combine(today, datetime.time()) - datetime.timedelta(
        days=settings.BULLETIN_CATCH_UP_DAYS
    ))  # fmt: skip
    units = County.objects.units()
    rows = (
        QuarterlyReport.objects.filter(status=ReportStatus.APPROVED, county__in=units)
        .values("year", "quarter")
        .annotate(n=Count("county", distinct=True), last=Max("reviewed_at"))
        .filter(n=units.count(), last__gte=since)
        .order_by("year", "quarter")
    )
    return [(row["year"], row["quarter"]) for row in rows]


def latest_complete() -> tuple[int, int] | None:
    """The latest quarter every county-level unit has approved figures for (``None`` if there is none)."""
    units = County.objects.units()
    row = (
        QuarterlyReport.objects.filter(status=ReportStatus.APPROVED, county__in=units)
        .values("year", "quarter")
        .annotate(n=Count("county", distinct=True))
        .filter(n=units.count())
        .order_by("-year", "-quarter")
        .first()
    )
    return (row["year"], row["quarter"]) if row else None


def send_due(today: datetime.date | None = None) -> list[Bulletin]:
    """Send the bulletin of every recently completed quarter not sent yet (the daily catch-up)."""
    today = today or timezone.localdate()
    sent = [bulletin_send(year=year, quarter=quarter) for year, quarter in recently_completed(today)]
    return [b for b in sent if b is not None]


def on_quarter_completed(sender, *, year: int, quarter: int, **kwargs) -> None:
    """Receiver of ``counties.signals.quarter_completed`` (sent after the approval commits): queue the job.
    If the queue cannot be reached, the approval still stands and the daily catch-up sends the bulletin."""
    from dashboards.tasks import send_bulletin

    try:
        send_bulletin.start(year=year, quarter=quarter)
    except Exception:  # noqa: BLE001 - the approval is committed; only the bulletin waits for the catch-up
        log.exception("could not queue the bulletin of %s Q%s; the daily job will send it", year, quarter)
