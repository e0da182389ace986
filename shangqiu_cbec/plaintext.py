"""Rules for the text people type: notes of bounded length, names free of control and invisible characters.

One place for the models' validators, the forms, the workflow services and the spreadsheet import, so a
rule and its message are the same wherever text comes in; and the one definition of "invisible" that the
spreadsheet writers skip when they look for a formula's first character.

Invisible means Unicode's format characters (category Cf: the direction embeddings, overrides and
isolates U+202A-U+202E and U+2066-U+2069, the marks U+200E/U+200F, zero-width U+200B-U+200D, U+2060,
U+FEFF, the soft hyphen ...) and the line and paragraph separators U+2028/U+2029. A name containing
one can read backwards ("U+202E") or look identical to another name while being different; a note
may carry line breaks and tabs, nothing else of the kind.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

NOTE_MAX_LENGTH = 500  # remarks, review comments, reopen reasons
LONG_NOTE_MAX_LENGTH = 2000  # the city's evidence for a milestone, notes on targets
NOTE_BREAKS = frozenset("\n\t")
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def normalise_newlines(value: str) -> str:
    """CR LF and lone CR as LF: a browser submits a line break as two characters but counts it as one."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def is_hidden(char: str) -> bool:
    """A control, format (bidi, zero-width) or line-separator character."""
    return unicodedata.category(char) in HIDDEN_CATEGORIES


def first_hidden(value: str, *, allowed=frozenset()) -> tuple[int, str] | None:
    """The 1-based position and the character of the first hidden character not in ``allowed``."""
    if value.isprintable():  # no control, format or separator character at all (the common case, at C speed)
        return None
    for position, char in enumerate(value, 1):
        if char not in allowed and is_hidden(char):
            return position, char
    return None


def text_problem(value: str, *, label: str, max_length: int | None = None, multiline: bool = False) -> str | None:
    """What is wrong with ``value`` as the text ``label`` (already translated), in plain words; None if nothing."""
    if max_length is not None and len(value) > max_length:
        return _("%(label)s最多%(limit)d个字，现有%(n)d个字。") % {"label": label, "limit": max_length, "n": len(value)}
    found = first_hidden(value, allowed=NOTE_BREAKS if multiline else frozenset())
    if found:
        position, char = found
        return _("%(label)s中不能含有控制字符或不可见的排版字符（第%(position)d个字符为 %(code)s）。") % {
            "label": label,
            "position": position,
            "code": f"U+{ord(char):04X}",
        }
    return None


@deconstructible
class PlainTextValidator:
    """Model field validator: ``text_problem`` with the field's label (a Chinese msgid), limit and line breaks."""

    def __init__(self, label: str, max_length: int | None = None, multiline: bool = False):
        self.label, self.max_length, self.multiline = label, max_length, multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        if value.isprintable() and (self.max_length is None or len(value) <= self.max_length):
            return  # the common case, without translating the label for every imported row
        problem = text_problem(value, label=_(self.label), max_length=self.max_length, multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="plain_text")

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and (self.label, self.max_length, self.multiline) == (
            other.label,
            other.max_length,
            other.multiline,
        )

    def __hash__(self):
        return hash((self.label, self.max_length, self.multiline))


def name_rule(label: str = "名称") -> PlainTextValidator:
    """A name: one line, no control or invisible characters (its length is the field's ``max_length``)."""
    return PlainTextValidator(label)


def note_rule(label: str, max_length: int = NOTE_MAX_LENGTH) -> PlainTextValidator:
    """A note: at most ``max_length`` characters, line breaks and tabs allowed."""
    return PlainTextValidator(label, max_length, multiline=True)
