"""Sending notices: ``notification_send`` is the one entry point for every app.

A caller passes a ``message`` callable returning ``(subject, body)``; it is called once per language of
the portal (inside ``translation.override``), so callers write ordinary ``gettext`` strings. Emails
leave after the surrounding transaction commits (a rolled-back approval sends nothing).
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from notifications import emails, kinds
from notifications.models import EmailStatus, Notification, Preference
from notifications.selectors import unread_forget

log = logging.getLogger(__name__)

Message = Callable[[], tuple[str, str]]
MAX_EMAIL_ATTEMPTS = 5


def render_texts(message: Message) -> dict[str, list[str]]:
    """The message in every language of the portal: ``{"zh-hans": [subject, body], "en": [...]}``."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            subject, body = message()
            texts[code] = [str(subject), str(body)]
    return texts


def channels(user, kind: kinds.Kind, preference: Preference | None) -> tuple[bool, bool]:
    """(inbox, email) for ``user``: their choice for the kind, else inbox on and the kind's email default;
    both for a kind sent ``always``."""
    if kind.always:
        return True, True
    if preference is None:
        return True, kind.email_default
    return preference.inbox, preference.email


def notification_send(
    *,
    recipients: Iterable,
    kind: str,
    message: Message,
    url: str = "",
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Notify each active recipient once, in the inbox and/or by email as they chose for ``kind``.

    With ``dedupe_key`` a recipient who already has a notice with that key gets nothing (a unique
    constraint decides, so concurrent runs cannot both send). Returns the notices created.
    """
    kind_ = kinds.get(kind)
    users = {u.pk: u for u in recipients if u.is_active}
    if not users:
        return []
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=users, kind=kind)}
    texts = render_texts(message)
    created = []
    for user in users.values():
        inbox, email = channels(user, kind_, preferences.get(user.pk))
        if not (inbox or email):
            continue
        notice = Notification(
            recipient=user,
            kind=kind,
            texts=texts,
            url=url,
            dedupe_key=dedupe_key,
            in_inbox=inbox,
            email_status=EmailStatus.PENDING if email and user.email else EmailStatus.NONE,
        )
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue  # this recipient already has this keyed notice
        created.append(notice)
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: _queue_emails(pending))
    return created


def _queue_emails(notification_ids: list[int]) -> None:
    """Hand the emails to a background job (the request that caused them does not wait for the mail
    server); if the queue itself is unavailable, they stay pending for the next reminder run."""
    from notifications.tasks import deliver_emails

    try:
        deliver_emails.start(notification_ids=notification_ids)
    except Exception:  # noqa: BLE001 - the notices are stored; only their email waits for a retry
        log.exception("could not queue the email of notifications %s; the reminder job will retry", notification_ids)


def emails_deliver(*, notification_ids: list[int] | None = None) -> dict[str, int]:
    """Email the pending notices (the given ones, or every pending or failed one with attempts left).

    Each notice is claimed by moving it out of "pending" before sending, so two deliverers never send
    the same email; a failure is recorded with its error and retried on the next run, up to
    ``MAX_EMAIL_ATTEMPTS`` times.
    """
    candidates = Notification.objects.filter(
        email_status__in=[EmailStatus.PENDING, EmailStatus.FAILED], email_attempts__lt=MAX_EMAIL_ATTEMPTS
    )
    if notification_ids is not None:
        candidates = candidates.filter(pk__in=notification_ids)
    counts = {"sent": 0, "failed": 0}
    for notice in candidates.select_related("recipient__profile").order_by("pk"):
        claimed = Notification.objects.filter(pk=notice.pk, email_status=notice.email_status).update(
            email_status=EmailStatus.SENT, email_attempts=notice.email_attempts + 1, emailed_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            emails.send(notice)
        except Exception as error:  # noqa: BLE001 - any transport failure is recorded and retried
            log.warning("notification %s: email to %s failed: %s", notice.pk, notice.recipient.email, error)
            Notification.objects.filter(pk=notice.pk).update(
                email_status=EmailStatus.FAILED, emailed_at=None, email_error=str(error)[:1000]
            )
            counts["failed"] += 1
        else:
            counts["sent"] += 1
    return counts


@transaction.atomic
def notification_open(*, user, notification_id: int) -> Notification:
    """Mark one of ``user``'s notices read (other users' notices do not exist for them)."""
    notice = Notification.objects.select_for_update().get(pk=notification_id, recipient=user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notifications_read_all(*, user) -> int:
    """Mark every unread notice of ``user`` read; returns how many."""
    n = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    unread_forget(user.pk)  # a bulk update sends no signal
    return n


@transaction.atomic
def preferences_save(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store ``{kind: (inbox, email)}`` for the kinds that concern ``user``; other kinds, and kinds sent
    ``always``, are ignored."""
    allowed = {k.code for k in kinds.kinds_for(user) if not k.always}
    for code, (inbox, email) in choices.items():
        if code in allowed:
            Preference.objects.update_or_create(user=user, kind=code, defaults={"inbox": inbox, "email": email})
