"""The two-factor pages: the code step of signing in, enrolment, recovery codes shown once, and the user's
own two-factor settings (turn on, new recovery codes, turn off when not required)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from signin import throttle, twofactor
from signin.forms import CodeForm, EnrolForm
from signin.middleware import signin_step
from signin.models import TwoFactorEvent


def _next_url(request) -> str:
    """Where to go once this step is done: ``next`` if it is one of ours, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _wait_message(until) -> str:
    """Each wrong code doubles the wait before the device takes another (1, 2, 4 ... seconds)."""
    if until is None:
        return _("验证码错误次数过多，请稍后再试。")
    wait = formats.time_format(timezone.localtime(until), "H:i:s")
    return _("验证码错误次数过多，请在 %(time)s 之后再试。") % {"time": wait}


def _locked_out(request):
    logout(request)  # the password step starts again once the lockout is over
    return render(request, "registration/locked_out.html", status=429)


@signin_step
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the authenticator app, or one recovery code."""
    if twofactor.is_verified(request.user):
        return redirect(_next_url(request))
    if not twofactor.has_two_factor(request.user):  # reset by an admin meanwhile: enrol, or nothing owed
        request.session.pop(twofactor.SESSION_KEY, None)
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = twofactor.code_check(request=request, code=form.cleaned_data["code"])
        if outcome.locked_out:
            return _locked_out(request)
        if outcome.verified:
            if outcome.recovery_used:
                messages.warning(
                    request,
                    _("您使用了一个恢复码登录，还剩 %(left)s 个。如手机丢失，请在“两步验证”页重新设置验证器。")
                    % {"left": outcome.recovery_left},
                )
            response = redirect(_next_url(request))
            throttle.remember_device(request, response, request.user.get_username())
            return response
        if outcome.wait_until is not None:
            form.add_error("code", _wait_message(outcome.wait_until))
        else:
            form.add_error(
                "code",
                _(
                    "验证码不正确或已过期。请输入验证器应用中当前显示的6位数字，或一个未用过的恢复码。连续多次错误将暂时锁定账号。"
                ),
            )
    return render(request, "signin/verify.html", {"form": form, "next": _next_url(request)})


@signin_step
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrolment: scan the QR code (or type the secret) into an authenticator app, confirm with its code."""
    has_one = twofactor.has_two_factor(request.user)
    if has_one and not twofactor.is_verified(request.user):
        return redirect(_with_next("signin:verify", request))  # replacing it needs the current one first
    device = twofactor.enrolment_device(user=request.user)
    form = EnrolForm(request.POST or None)
    allowed, why = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed:
        form.add_error("code", _wait_message((why or {}).get("locked_until")))
    elif request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.enrolment_confirm(request=request, device=device, code=form.cleaned_data["code"])
        except twofactor.AlreadyConfirmed:
            messages.info(request, _("两步验证已启用。如未看到恢复码，请在此页重新生成一组。"))
            return redirect("signin:two_factor")
        if codes is not None:
            request.session[twofactor.NEW_CODES_KEY] = codes
            messages.success(request, _("两步验证已启用。"))
            return redirect(_with_next("signin:recovery_codes", request))
        form.add_error("code", _("验证码不正确或已过期：请确认手机时间准确，并输入验证器应用中当前显示的6位数字。"))
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": twofactor.secret_of(device),
        "qr": twofactor.qr_data_uri(device),
        "required": twofactor.is_required(request.user),
        "replacing": has_one,
    }
    return render(request, "signin/setup.html", context)


@signin_step
@login_required
@require_http_methods(["GET"])
def recovery_codes(request):
    """New recovery codes, shown this once (they are read out of the session)."""
    codes = request.session.pop(twofactor.NEW_CODES_KEY, None)
    generated_at = formats.date_format(timezone.localtime(), "Y-m-d H:i")
    context = {"codes": codes, "next": _next_url(request), "generated_at": generated_at}
    return render(request, "signin/recovery_codes.html", context)


@login_required
@require_http_methods(["GET"])
def two_factor(request):
    """The user's own two-factor page, a tab of the account pages."""
    user = request.user
    device = twofactor.authenticator_of(user)
    context = {
        "tab": "two_factor",
        "device": device,
        "required": twofactor.is_required(user),
        "codes_left": twofactor.recovery_codes_left(user) if device else 0,
        "events": TwoFactorEvent.objects.filter(user=user).select_related("by")[:10],
    }
    return render(request, "signin/two_factor.html", context)


@login_required
@require_POST
def regenerate(request):
    """New recovery codes (the old ones stop working); needs a session verified by the second factor."""
    if not twofactor.is_verified(request.user):
        messages.error(request, _("请先启用两步验证。"))
        return redirect("signin:two_factor")
    request.session[twofactor.NEW_CODES_KEY] = twofactor.recovery_codes_regenerate(request=request)
    return redirect(f"{reverse('signin:recovery_codes')}?{urlencode({'next': reverse('signin:two_factor')})}")


@login_required
@require_POST
def disable(request):
    """Turn two-factor off: only for users who need not have it, from a verified session."""
    if twofactor.is_required(request.user):
        messages.error(request, _("市商务局管理员必须使用两步验证，不能关闭。手机丢失时请联系其他管理员重置。"))
    elif not twofactor.is_verified(request.user):
        messages.error(request, _("两步验证未启用。"))
    else:
        twofactor.two_factor_remove(user=request.user, by=request.user, request=request)
        messages.success(request, _("两步验证已关闭；登录时只需输入密码。"))
    return redirect("signin:two_factor")
