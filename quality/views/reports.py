"""What people do on a report's page: mark a figure for follow-up, resolve it, write in the thread.

Every view finds the report through ``counties.access.report_for`` (another county's report is a 404)
and leaves the permission itself to the service, so a forged POST is refused the same way.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.access import report_for, require_city_admin
from quality import services
from quality.models import FollowUp


def _back(request, report_id: int, anchor: str):
    """Back to the page the form was on (a local ``next``), else to the report's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("report_detail", args=[report_id]) + f"#{anchor}")


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def follow_up_create(request, pk):
    report = report_for(request.user, pk)
    require_city_admin(request.user)
    try:
        services.follow_up_create(
            report=report,
            figure=request.POST.get("figure", ""),
            reason=request.POST.get("reason", ""),
            user=request.user,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("已标记跟进，县区将在本页看到。"))
    return _back(request, report.pk, "follow-ups")


@login_required
@require_POST
def follow_up_resolve(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    report_for(request.user, follow_up.report_id)  # 404 unless the user may see the report
    require_city_admin(request.user)
    try:
        services.follow_up_resolve(
            follow_up_id=follow_up.pk, resolution=request.POST.get("resolution", ""), user=request.user
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("跟进事项已标为已解决。"))
    return _back(request, follow_up.report_id, "follow-ups")


@login_required
@require_POST
def comment_create(request, pk):
    report = report_for(request.user, pk)
    if not services.may_comment(request.user, report):
        raise PermissionDenied
    try:
        services.comment_post(
            report=report,
            text=request.POST.get("text", ""),
            user=request.user,
            follow_up_id=_int_or_none(request.POST.get("follow_up")),
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("留言已发送。"))
    return _back(request, report.pk, "thread")
