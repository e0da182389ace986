"""Writes of the data-quality layer: explanations, follow-ups, the comment thread, bounds.

Who may do what is checked here as well as in the views (``counties.roles``): a forged POST gets the
same answer as the page. Batch runs are in ``quality.runs``.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from counties import roles
from counties.models import County, QuarterlyReport
from quality import notices, outliers
from quality.models import (
    Comment,
    CommentKind,
    Explanation,
    Figure,
    FollowUp,
    FollowUpStatus,
    MinMaxBound,
    OutlierSettings,
    ValidationRule,
)

MAX_TEXT = 1000


def _text(value: str, what: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("%(what)s不能为空。") % {"what": what})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("%(what)s不能超过%(n)d个字（现有%(len)d个）。") % {"what": what, "n": MAX_TEXT, "len": len(text)}
        )
    return text


def explanations_save(*, report: QuarterlyReport, explanations: dict[str, str], user) -> None:
    """Store the county's explanations of broken rules (rule code -> text); an emptied one is removed.

    Codes that name no rule are ignored (the form sends one box per finding, some are outliers).
    """
    if not explanations:
        return
    if not roles.can_edit_county(user, report.county_id):
        raise PermissionDenied
    rules = {r.code: r for r in ValidationRule.objects.filter(code__in=list(explanations))}
    with transaction.atomic():
        for code, value in explanations.items():
            rule = rules.get(code)
            if rule is None:
                continue
            text = _text(value, _("“%(rule)s”的说明") % {"rule": rule.shown_name}, required=False)
            existing = Explanation.objects.select_for_update().filter(report=report, rule=rule).first()
            if not text:
                if existing:
                    existing.delete()
                continue
            if existing is None:
                Explanation.objects.create(report=report, rule=rule, text=text, written_by=user)
            elif existing.text != text:
                existing.text, existing.written_by = text, user
                existing.save(update_fields=["text", "written_by", "written_at"])


@transaction.atomic
def follow_up_create(*, report: QuarterlyReport, figure: str, reason: str, user) -> FollowUp:
    """A city admin marks a figure of a report for follow-up; the reason also opens a message in the thread."""
    if not roles.is_city_admin(user):
        raise PermissionDenied
    if figure not in Figure.values:
        raise ValidationError(_("请选择要跟进的指标。"))
    reason = _text(reason, _("跟进原因"))
    follow_up = FollowUp.objects.create(report=report, figure=figure, reason=reason, created_by=user)
    Comment.objects.create(report=report, author=user, follow_up=follow_up, kind=CommentKind.MARKED, text=reason)
    notices.follow_up_marked(follow_up)
    return follow_up


@transaction.atomic
def follow_up_resolve(*, follow_up_id: int, resolution: str, user) -> FollowUp:
    """Close a follow-up with what came of it (city admins); the thread records it."""
    if not roles.is_city_admin(user):
        raise PermissionDenied
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up_id)
    if not follow_up.is_open:
        raise ValidationError(_("该跟进事项已经解决。"))
    resolution = _text(resolution, _("处理结果"))
    follow_up.status = FollowUpStatus.RESOLVED
    follow_up.resolution, follow_up.resolved_by, follow_up.resolved_at = resolution, user, timezone.now()
    follow_up.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    Comment.objects.create(
        report_id=follow_up.report_id, author=user, follow_up=follow_up, kind=CommentKind.RESOLVED, text=resolution
    )
    notices.follow_up_resolved(follow_up)
    return follow_up


def may_comment(user, report: QuarterlyReport) -> bool:
    """The county's own staff and city admins talk in a report's thread; leaders read it."""
    return roles.can_edit_county(user, report.county_id)


def comment_post(*, report: QuarterlyReport, text: str, user, follow_up_id: int | None = None) -> Comment:
    """Add a message to the report's thread (optionally answering one of its open follow-ups)."""
    if not may_comment(user, report):
        raise PermissionDenied
    text = _text(text, _("留言"))
    follow_up = None
    if follow_up_id:
        follow_up = FollowUp.objects.filter(pk=follow_up_id, report=report).first()
        if follow_up is None:
            raise ValidationError(_("找不到该跟进事项。"))
    with transaction.atomic():
        comment = Comment.objects.create(report=report, author=user, text=text, follow_up=follow_up)
        notices.thread_message(comment)
    return comment


@transaction.atomic
def bounds_generate(*, user, k: Decimal, min_history: int, counties: list[County] | None = None) -> int:
    """Regenerate the counties' bounds from their approved history; bounds edited by hand are kept.

    The settings used are saved as the current ones. Returns how many bounds were written. ``user=None``
    is the command line (the installation's operator).
    """
    if user is not None and not roles.is_city_admin(user):
        raise PermissionDenied
    settings = OutlierSettings.current()
    settings.k, settings.min_history = k, min_history
    settings.full_clean()
    settings.save()
    county_ids = [c.pk for c in counties] if counties else None
    generated = outliers.history_bounds(county_ids, Decimal(k), min_history)
    old = MinMaxBound.objects.filter(is_generated=True)
    manual = MinMaxBound.objects.filter(is_generated=False)
    if county_ids is not None:
        old, manual = old.filter(county_id__in=county_ids), manual.filter(county_id__in=county_ids)
    kept = set(manual.values_list("county_id", "figure"))
    old.delete()
    new = [
        MinMaxBound(
            county_id=county_id,
            figure=figure,
            minimum=b.minimum,
            maximum=b.maximum,
            is_generated=True,
            history_count=b.n,
            mean=b.mean,
            sd=b.sd,
            k=k,
        )
        for (county_id, figure), b in sorted(generated.items())
        if (county_id, figure) not in kept
    ]
    bulk_create_with_history(new, MinMaxBound, batch_size=500, default_user=user)
    return len(new)


def bound_save(*, bound: MinMaxBound, minimum: Decimal, maximum: Decimal, user) -> MinMaxBound:
    """A city admin sets a bound by hand: it is kept when bounds are generated again."""
    if not roles.is_city_admin(user):
        raise PermissionDenied
    if minimum > maximum:
        raise ValidationError(_("下限不能大于上限。"))
    bound.minimum, bound.maximum, bound.is_generated = minimum, maximum, False
    bound.full_clean()
    bound.save()
    return bound
