"""The kinds of notice the portal sends. Domain apps register theirs at start-up (``AppConfig.ready``);
this layer never imports them back. A kind says who may receive it (its audience, shown on the
settings page) and whether it goes by email unless the user says otherwise."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise  # shown on the settings page and in the inbox, translated when shown
    description: str | Promise
    audience: Callable[[object], bool]  # user -> whether the kind concerns them
    email_default: bool = True
    order: int = 0
    # Sent in the inbox and by email whatever the user chose (account security: someone using a stolen
    # password must not be able to silence the notice first). Shown on the settings page, not switchable.
    always: bool = False


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    """The registered kind ``code``; a ``KeyError`` for a kind nobody registered (a programming error)."""
    return _KINDS[code]


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.code))


def kinds_for(user) -> list[Kind]:
    """The kinds that concern ``user`` (by role), in display order."""
    return [kind for kind in all_kinds() if kind.audience(user)]
