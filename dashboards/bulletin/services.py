"""Generating and keeping the quarterly bulletin.

A bulletin is rendered once per quarter, pending option, language and *data version* (``targets.freshness``):
asking again while nothing has changed serves the stored file; any change to the figures makes the next
request render afresh, and the superseded render of that quarter is pruned (an official bulletin, the one
sent to the leaders, is kept).
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from dashboards import selectors
from dashboards.bulletin.content import bulletin_content
from dashboards.bulletin.docx import render_docx
from dashboards.bulletin.pdf import pdf_available, render_pdf
from dashboards.models import Bulletin, BulletinFormat
from targets import freshness

RENDERERS = {BulletinFormat.PDF: render_pdf, BulletinFormat.DOCX: render_docx}
OFFICIAL_LANGUAGE = "zh-hans"


class BulletinError(Exception):
    """A bulletin that cannot be made, with a message for the user."""


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def bulletin_current(*, year: int, quarter: int, include_pending: bool, language: str, fmt: str) -> Bulletin | None:
    """The stored bulletin of the current data version holding ``fmt``, if one was rendered already."""
    version = freshness.data_version()
    choice = selectors.choose(year, quarter, include_pending, version=version)
    bulletin = Bulletin.objects.filter(
        plan=choice.plan,
        year=year,
        quarter=quarter,
        include_pending=include_pending,
        language=language,
        data_version=version,
    ).first()
    return bulletin if bulletin is not None and bulletin.content(fmt) is not None else None


def _row(choice, language: str, version: str, by) -> Bulletin:
    key = {
        "plan": choice.plan,
        "year": choice.year,
        "quarter": choice.quarter,
        "include_pending": choice.include_pending,
        "language": language,
        "data_version": version,
    }
    try:
        with transaction.atomic():
            return Bulletin.objects.get_or_create(**key, defaults={"generated_by": by})[0]
    except IntegrityError:  # made by a concurrent run in the meantime
        return Bulletin.objects.get(**key)


def bulletin_generate(
    *,
    year: int,
    quarter: int,
    include_pending: bool = False,
    formats=(BulletinFormat.PDF, BulletinFormat.DOCX),
    language: str | None = None,
    by=None,
    progress: Callable[[int, int, str], None] = _no_progress,
) -> Bulletin:
    """The bulletin of ``year``/``quarter`` in ``formats``, rendered now unless the current data version
    already has it. Idempotent: a run repeated after a crash renders only what is missing."""
    language = language or translation.get_language() or OFFICIAL_LANGUAGE
    if BulletinFormat.PDF in formats and not pdf_available():
        raise BulletinError(_("本服务器未安装生成PDF所需的组件（WeasyPrint 与 pango），请下载Word版本。"))
    with translation.override(language):
        version = freshness.data_version()
        choice = selectors.choose(year, quarter, include_pending, version=version)
        bulletin = _row(choice, language, version, by)
        missing = [fmt for fmt in formats if bulletin.content(fmt) is None]
        if not missing:
            return bulletin
        total = len(missing) + 1
        progress(0, total, _("正在汇总各项数字"))
        content = bulletin_content(choice=choice)
        rendered = {}
        for step, fmt in enumerate(missing, 1):
            progress(step, total, _("正在生成%(format)s文件") % {"format": BulletinFormat(fmt).label})
            rendered[fmt] = RENDERERS[fmt](content)
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        for fmt, data in rendered.items():
            if locked.content(fmt) is None:
                setattr(locked, fmt, data)
        locked.save(update_fields=missing)
        _prune(locked)
    progress(total, total, _("已生成"))
    return locked


def _prune(bulletin: Bulletin) -> None:
    """Drop superseded renders of the same quarter (other data versions), keeping every official one."""
    Bulletin.objects.filter(
        plan=bulletin.plan,
        year=bulletin.year,
        quarter=bulletin.quarter,
        include_pending=bulletin.include_pending,
        language=bulletin.language,
        sent_at__isnull=True,
    ).exclude(pk=bulletin.pk).delete()
