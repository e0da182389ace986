"""Scheduled reminders. Domain apps register *sources*: functions that, given a day, say which reminders
are due that day. ``reminders_send`` asks every source and sends what they return through
``notification_send`` with each reminder's key, so a reminder already sent is never sent again (the
database's unique constraint decides). Running it twice a day, or in two processes at once, is safe.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from notifications.services import Message, emails_deliver, notification_send


@dataclass(frozen=True)
class Reminder:
    recipients: tuple
    kind: str
    message: Message
    url: str
    key: str  # what, and which step (e.g. "due:411402:2017Q1:7d"): one notice per recipient and key


Source = Callable[[datetime.date], Iterable[Reminder]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Add (or replace) a reminder source; ``name`` keeps a module reload from registering it twice."""
    _SOURCES[name] = source


def reminders_send(*, today: datetime.date) -> Counter:
    """Send every reminder due on ``today`` that was not sent before; returns notices created per kind.

    Also retries emails that failed earlier (``emails_deliver``).
    """
    created: Counter = Counter()
    for source in _SOURCES.values():
        for reminder in source(today):
            notices = notification_send(
                recipients=reminder.recipients,
                kind=reminder.kind,
                message=reminder.message,
                url=reminder.url,
                dedupe_key=reminder.key,
            )
            created[reminder.kind] += len(notices)
    emails_deliver()
    return created
