"""Request gates of signing in: the idle timeout and the two-factor gate."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from signin import twofactor

LAST_SEEN = "signin_last_seen"
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute to note activity


def note_activity(request) -> None:
    """Mark the session active now (also called at login, so an old mark cannot end a fresh session)."""
    request.session[LAST_SEEN] = int(time.time())


class IdleTimeout:
    """Signs out a session left idle longer than ``SESSION_IDLE_TIMEOUT_MINUTES`` (office PCs are shared).

    Activity is noted in the session at most once a minute, so a busy page costs no extra write. The
    first request after the timeout, GET or POST, is not served: the user is signed out and sent to the
    login page (with ``next``), where a message says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, _("由于长时间未操作，您已自动退出，请重新登录。"))
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= TOUCH_EVERY:
                note_activity(request)
        return self.get_response(request)


# Pages a session that still owes its second factor may open: signing in and out, the language switch and
# static files; the two-factor pages themselves are marked ``signin_step``.
OPEN_URL_NAMES = {"login", "logout", "set_language"}
OPEN_PREFIXES = ("/static/",)


def signin_step(view):
    """Mark a view as a step of signing in: reachable before the second factor (and the forced password change)."""
    view.signin_step = True
    return view


class TwoFactorGate:
    """Until a session has given its second factor, every page leads to the code step (users with two-factor)
    or to enrolment (city admins and superusers who have none yet), with ``next`` kept.

    Runs after ``IdleTimeout`` and before ``accounts.middleware.ForcePasswordChange``: the password of a
    session not yet verified is not changed, and the Django admin requires a verified session too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "signin_step", False) or request.path.startswith(OPEN_PREFIXES):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        step = twofactor.pending_step(request)
        if step is None:
            return None
        target = reverse("signin:verify" if step == twofactor.VERIFY else "signin:setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
