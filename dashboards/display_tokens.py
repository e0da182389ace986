"""Display tokens for the meeting-room screen: issue, revoke, and recognise one on a request.

A screen carries its key in the address's fragment (``/screen/#key=…``), which browsers never send to a
server nor put in a Referer; ``static/js/screen.js`` sends it in an ``Authorization: Bearer`` header to
the screen's data endpoint only. So the key is in no access log, and a revoked key stops working at the
screen's next refresh (every request looks the key up again).
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dashboards.models import DisplayToken

KEY_BYTES = 32
# Recording every refresh of every screen would be a write a minute per screen for a "last seen" column.
TOUCH_EVERY = timedelta(minutes=5)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def display_token_issue(*, name: str, by) -> tuple[DisplayToken, str]:
    """A new token named ``name``; returns it with its key, which is shown once and never stored."""
    key = secrets.token_urlsafe(KEY_BYTES)
    token = DisplayToken(name=name.strip(), key_hash=key_hash(key), hint=key[-4:], created_by=by)
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def display_token_revoke(*, token_id: int, by) -> DisplayToken:
    """Revoke a token (idempotent: revoking twice keeps the first revocation's time and author)."""
    token = DisplayToken.objects.select_for_update().get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def bearer_key(request) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header, if the request has one."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return key.strip()


def display_token_for(key: str) -> DisplayToken | None:
    """The active token with ``key`` (None if unknown or revoked); notes when it was last used."""
    if not key or len(key) > 200:
        return None
    token = DisplayToken.objects.active().filter(key_hash=key_hash(key)).first()
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            DisplayToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
