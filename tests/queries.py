"""What a signed-in page costs before its own work, and what a shared cache (``REDIS_URL``) saves of it.

Tests that pin a page's query count add these, so that the same test holds on the embedded defaults
(every page reads its session and its user's unread-notice count from the database) and with Redis
(sessions are read from the cache, and the unread count is kept there once a page has counted it).
"""

from django.conf import settings


def session_queries() -> int:
    """Reading the session: one query, none when sessions are also kept in the shared cache."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


def unread_queries(*, counted_before: bool) -> int:
    """The header's unread count: one query, none when the shared cache holds a count made before."""
    return 0 if settings.SHARED_CACHE and counted_before else 1
