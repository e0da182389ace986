"""Signing in with the second factor in tests, the way a finished login does, without turning the feature off.

``VerifyingClient.force_login`` (the ``client`` fixture) skips the code step as ``force_login`` skips the
password: for a user who has or must have two-factor, the session is marked verified by the user's
authenticator (created, confirmed, if they have none), exactly as ``django_otp.login`` does after a right
code. Tests of the two-factor pages themselves use a plain ``django.test.Client``.
"""

import base64
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from signin import twofactor


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator, created if they have none."""
    device = twofactor.authenticator_of(user)
    return device or TOTPDevice.objects.create(user=user, name=twofactor.AUTHENTICATOR_NAME, confirmed=True)


def verify_session(client: Client, user) -> TOTPDevice:
    """Mark ``client``'s (signed-in) session as verified by ``user``'s authenticator."""
    return twofactor.client_verify(client, user)


class VerifyingClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        fresh = get_user_model().objects.get(pk=user.pk)  # roles cache groups on the object: keep the test's clean
        if twofactor.is_required(fresh) or twofactor.has_two_factor(fresh):
            verify_session(self, fresh)


def code_for_key(key: bytes, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for ``key`` at ``at`` (default now)."""
    totp = TOTP(key)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def key_from_secret(secret: str) -> bytes:
    """The key behind the secret shown on the enrolment page (base32 in groups of four)."""
    compact = secret.replace(" ", "").upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def fresh_code(device: TOTPDevice) -> str:
    """A code ``device`` accepts now and has not accepted before (each is good once): this step's or, within the
    device's tolerance, the next one's, waiting for the clock if need be."""
    device.refresh_from_db()
    while True:
        now = int((time.time() - device.t0) // device.step) + device.drift
        usable = [s for s in range(now - device.tolerance, now + device.tolerance + 1) if s > device.last_t]
        if usable:
            chosen = now if now in usable else usable[0]
            return code_for_key(device.bin_key, device.t0 + chosen * device.step + 1)
        time.sleep(1)
