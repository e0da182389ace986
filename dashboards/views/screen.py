"""The meeting-room screen (大屏) and the display tokens that open it without a login."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from counties import roles
from dashboards import display_tokens
from dashboards import screen as screens
from dashboards.forms import DisplayTokenForm
from dashboards.models import DisplayToken
from targets.freshness import request_version

NEW_KEY = "dashboards.new_display_key"


@require_GET
def screen(request):
    """The screen's frame. It holds no figures: screen.js fetches them with the key in the address's fragment
    (or the viewer's login), so the page itself may be opened by anyone."""
    text = {
        "updated": _("%(time)s 更新"),
        "offline": _("连接中断，显示的是 %(time)s 的数据，正在重试"),
        "page": _("%(n)s/%(total)s"),
        "target": _("目标"),
        "aspirational": _("争创/力争"),
        "unranked": _("未分配任务、不参与排名："),
        "separator": pgettext("list separator", "、"),
        "no_ranking": _("本年度没有分配到县区的任务。"),
        "no_milestones": _("本年度没有重点项目。"),
        "reached": _("完成于 %(date)s"),
        "due": _("%(year)s年"),
        "no_key": _("请用市商务局管理员签发的大屏地址打开本页，或先登录。"),
    }
    context = {"refresh": settings.SCREEN_REFRESH_SECONDS, "text": text, "time_zone": settings.TIME_ZONE}
    return render(request, "dashboards/screen.html", context)


def _refused(message: str, reason: str) -> JsonResponse:
    response = JsonResponse({"error": message, "reason": reason}, status=401)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def screen_data(request):
    """The screen's figures, for a valid display token (``Authorization: Bearer``) or a signed-in user."""
    key = display_tokens.bearer_key(request)
    if key is not None:
        if display_tokens.display_token_for(key) is None:
            return _refused(_("此大屏显示令牌无效或已被撤销，请联系市商务局管理员重新签发。"), "revoked")
    elif not request.user.is_authenticated:
        return _refused(_("请用市商务局管理员签发的大屏地址打开本页，或先登录。"), "login")
    version = request_version(request)
    payload = screens.screen_payload(screens.screen_choice(version), version, settings.SCREEN_REFRESH_SECONDS)
    response = JsonResponse(payload)
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["Authorization", "Cookie", "Accept-Language"])
    return response


def _require_city_admin(user):
    if not roles.is_city_admin(user):
        raise PermissionDenied


@login_required
def screen_tokens(request):
    """City admins issue a named token per screen (its address is shown once) and revoke it."""
    _require_city_admin(request.user)
    form = DisplayTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = display_tokens.display_token_issue(name=form.cleaned_data["name"], by=request.user)
        request.session[NEW_KEY] = {"id": token.pk, "key": key}
        messages.success(request, _("已签发显示令牌“%(name)s”。") % {"name": token.name})
        return redirect("screen_tokens")
    new = request.session.pop(NEW_KEY, None)
    new_url = None
    if new:
        new_url = request.build_absolute_uri(reverse("screen")) + f"#key={new['key']}"
    context = {"form": form, "tokens": DisplayToken.objects.select_related("created_by", "revoked_by"), "new": new}
    context["new_url"] = new_url
    return render(request, "dashboards/screen_tokens.html", context)


@login_required
@require_POST
def screen_token_revoke(request, pk):
    _require_city_admin(request.user)
    token = get_object_or_404(DisplayToken, pk=pk)
    display_tokens.display_token_revoke(token_id=token.pk, by=request.user)
    messages.success(
        request, _("已撤销显示令牌“%(name)s”，使用它的大屏将在下次刷新时停止显示。") % {"name": token.name}
    )
    return redirect("screen_tokens")
