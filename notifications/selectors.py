"""Reads of a user's notices."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from notifications.models import Notification

# The header's unread count is on every page a user opens; with a shared cache (Redis: every worker and node
# sees a change) it is kept there and forgotten whenever the user's notices change. A worker's own memory
# (the embedded default) would not hear of a change made by another worker: there it is counted each time.
# The timeout only bounds how long a change made around these paths (a bulk edit in the shell) could stay unseen.
UNREAD_TIMEOUT = 300


def inbox_of(user):
    """The user's notices shown in the inbox, newest first."""
    return Notification.objects.filter(recipient=user, in_inbox=True)


def _unread_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    """Unread notices in the user's inbox (one indexed count, then from the cache until they change)."""
    if not settings.SHARED_CACHE:
        return _count(user)
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = _count(user)
        cache.set(key, count, UNREAD_TIMEOUT)
    return count


def _count(user) -> int:
    return inbox_of(user).filter(read_at__isnull=True).count()


def unread_forget(*user_ids) -> None:
    """The users' notices changed: forget their counts now, and again once the change is committed (a page
    read between the two would otherwise keep the count from before the change)."""
    keys = [_unread_key(pk) for pk in user_ids]
    if keys and settings.SHARED_CACHE:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
