"""Two-factor authentication: who must have it, enrolling an authenticator app, recovery codes, checking a code.

Built on django-otp: a ``TOTPDevice`` (the authenticator app: 6 digits every 30 s) and a ``StaticDevice``
holding single-use recovery codes. City admins and superusers must have it (they approve figures and
manage users); everyone else may turn it on from their account page.

A login is two steps. The password step (``signin.views.LoginView``) signs the user in and notes in the
session what is still owed (``SESSION_KEY``): a code (``VERIFY``), enrolment (``ENROL``) or nothing.
``signin.middleware.TwoFactorGate`` lets a session that owes something reach only the two-factor pages,
logout and the language switch; ``django_otp.login`` marks the session verified and lifts it. The note is
read from the database once per session, so a page costs no query for users without two-factor (a
verified session costs one: django-otp's middleware loads its device).

A wrong code is a failed login: it counts towards django-axes' lockout of the username at that address
and towards the username-wide limit (``signin.throttle``), and each wrong code on a device doubles the
wait before the device accepts another (django-otp's throttling, 1, 2, 4 ... s), which signing in with
the password again does not reset.
"""

import base64
import io
import re
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from counties import roles
from signin import notices
from signin.address import client_address
from signin.models import TwoFactorEvent, TwoFactorEventKind

SESSION_KEY = "signin_second_factor"
VERIFY, ENROL, NOTHING = "verify", "enrol", "nothing"
NEW_CODES_KEY = "signin_new_recovery_codes"  # recovery codes just made, until the page showing them once
AUTHENTICATOR_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"


def is_required(user) -> bool:
    """City admins and superusers must sign in with a second factor; everyone else may choose to."""
    return roles.is_city_admin(user)


def authenticator_of(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def step_for(user) -> str:
    """What a fresh login of ``user`` still owes after the password."""
    if has_two_factor(user):
        return VERIFY
    return ENROL if is_required(user) else NOTHING


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)  # installed by django_otp's middleware
    return bool(check and check())


def pending_step(request) -> str | None:
    """``VERIFY`` or ``ENROL`` if this session must still give its second factor, else None.

    Decided at login and kept in the session; decided again when the note is missing (a session from before
    two-factor existed) or the session lost its verification (an admin reset the user's devices)."""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return None
    step = request.session.get(SESSION_KEY)
    if step not in (VERIFY, ENROL, NOTHING):
        step = step_for(user)
        request.session[SESSION_KEY] = step
    return None if step == NOTHING else step


def note_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: note what the new session still owes."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = step_for(user)


def _event(user, kind: str, *, request=None, by=None) -> None:
    address = client_address(request) if request is not None else None
    event = TwoFactorEvent.objects.create(user=user, kind=kind, by=by, address=address or None)
    notices.two_factor_changed(event)


class AlreadyConfirmed(Exception):
    """The authenticator being confirmed was confirmed by another request (the form sent twice)."""


def enrolment_device(*, user) -> TOTPDevice:
    """The authenticator being set up: the same secret on every visit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code, an SVG in a data: URI (an <img>, allowed by the CSP's img-src)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_NAME, "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    device.throttle_reset()
    return codes


def normalise(code: str) -> str:
    """What the user typed, without spaces or dashes, in lower case (recovery codes are lower-case base32)."""
    return re.sub(r"[\s\-]", "", code or "").lower()


def enrolment_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with a code from it. On success the session is verified,
    any older authenticator is replaced, and new recovery codes are made and returned (to be shown once)."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if device is None:  # confirmed meanwhile by the same form sent twice (a double click)
            raise AlreadyConfirmed
        if not device.verify_token(normalise(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        older = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
        replaced = older.filter(confirmed=True).exists()
        older.delete()
        codes = _new_recovery_codes(user)
        kind = TwoFactorEventKind.REPLACED if replaced else TwoFactorEventKind.ENROLLED
        _event(user, kind, request=request, by=user)
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    return codes


def recovery_codes_regenerate(*, request) -> list[str]:
    """New recovery codes for the signed-in (verified) user; the old ones stop working."""
    with transaction.atomic():
        codes = _new_recovery_codes(request.user)
        _event(request.user, TwoFactorEventKind.CODES_REGENERATED, request=request, by=request.user)
    return codes


@transaction.atomic
def two_factor_remove(*, user, by, request=None) -> None:
    """Delete the user's authenticator and recovery codes: the user turning it off (``by`` is the user), or a
    city admin resetting it for a lost phone. A user who must have two-factor enrols again at the next page."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    kind = TwoFactorEventKind.DISABLED if by is not None and by.pk == user.pk else TwoFactorEventKind.RESET
    _event(user, kind, request=request, by=by)


def client_verify(client, user) -> TOTPDevice:
    """For scripted clients (``django.test.Client`` in benchmarks and tests), after ``force_login``: mark the
    session verified by the user's authenticator, as a right code does (the authenticator is created if the
    user has none)."""
    device = authenticator_of(user) or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.pop(SESSION_KEY, None)
    session.save()
    return device


@dataclass
class CodeOutcome:
    verified: bool = False
    recovery_used: bool = False
    recovery_left: int = 0
    wait_until: datetime | None = None  # the device refuses codes until then (too many wrong ones)
    locked_out: bool = False  # django-axes locked the username at this address


def code_check(*, request, code: str) -> CodeOutcome:
    """Check the second factor of the signed-in user: a 6-digit code from the app, or a recovery code."""
    user = request.user
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return CodeOutcome(locked_out=True)
    cleaned = normalise(code)
    is_app_code = re.fullmatch(r"\d{6}", cleaned) is not None
    device = authenticator_of(user) if is_app_code else recovery_device_of(user)
    if device is not None:
        allowed, why = device.verify_is_allowed()
        if not allowed:
            return CodeOutcome(wait_until=(why or {}).get("locked_until"))
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            verified = device.verify_token(cleaned)
        if verified:
            otp_login(request, device)
            request.session.pop(SESSION_KEY, None)
            if is_app_code:
                return CodeOutcome(verified=True)
            _event(user, TwoFactorEventKind.RECOVERY_USED, request=request, by=user)
            return CodeOutcome(verified=True, recovery_used=True, recovery_left=device.token_set.count())
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return CodeOutcome(locked_out=bool(getattr(request, "axes_locked_out", False)))
