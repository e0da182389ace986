"""A limit on one username tried from many addresses, that does not lock the real user out.

django-axes locks a (username, address) pair after ``AXES_FAILURE_LIMIT`` failures. An attacker with many
addresses could still try ``AXES_FAILURE_LIMIT - 1`` passwords from each. So when one username has failed
``LOGIN_USERNAME_FAILURE_LIMIT`` times within the cool-off window, from any addresses, it may only be
signed in to from a browser where it signed in successfully before (a signed "known device" cookie,
OWASP's device-cookie defence): the real user at their office PC is never locked out, new browsers wait
for the window to pass (or for a city admin to delete the failures in the admin).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac

from signin.address import client_address
from signin.models import LoginFailure

DEVICE_COOKIE = "cbec_device"
DEVICE_SALT = "signin.device"
DEVICE_DAYS = 180
DEVICE_REMEMBERS = 10  # usernames per browser (a shared office PC)
PRUNE_EVERY = 500


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)


def on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver: remember the failure for the username-wide count."""
    username = (credentials or {}).get("username")
    if not username:
        return
    address = client_address(request) if request is not None else None
    failure = LoginFailure.objects.create(username=username[:150], address=address or None)
    if failure.pk % PRUNE_EVERY == 0:
        LoginFailure.objects.filter(failed_at__lt=_window_start()).delete()


def is_under_attack(username: str) -> bool:
    """Whether ``username`` failed at least ``LOGIN_USERNAME_FAILURE_LIMIT`` times within the window."""
    recent = LoginFailure.objects.filter(username=username, failed_at__gte=_window_start())
    return recent.count() >= settings.LOGIN_USERNAME_FAILURE_LIMIT


def _mark(username: str) -> str:
    return salted_hmac(DEVICE_SALT, username).hexdigest()[:20]


def _remembered(request) -> list[str]:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        marks = signing.loads(raw, salt=DEVICE_SALT, max_age=datetime.timedelta(days=DEVICE_DAYS))
    except signing.BadSignature:
        return []
    return [m for m in marks if isinstance(m, str)] if isinstance(marks, list) else []


def is_known_device(request, username: str) -> bool:
    """Whether this browser signed in as ``username`` before (the cookie names no username, only a keyed hash)."""
    return _mark(username) in _remembered(request)


def remember_device(request, response, username: str) -> None:
    """After a successful sign-in: this browser is known for ``username`` from now on."""
    marks = [m for m in _remembered(request) if m != _mark(username)]
    marks = [_mark(username), *marks][:DEVICE_REMEMBERS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(marks, salt=DEVICE_SALT),
        max_age=DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def may_try(request, username: str) -> bool:
    """Whether a login for ``username`` may be checked at all from this browser now."""
    return not username or is_known_device(request, username) or not is_under_attack(username)
