"""Checks other apps add to an import without the spreadsheets layer importing them.

An app registers a check for a table in its ``AppConfig.ready``::

    from spreadsheets.hooks import register_row_check

    register_row_check("quarterly_reports", my_check)

``my_check(rows, ctx)`` receives the rows about to be written (``spreadsheets.columns.RowToWrite``: line,
parsed values, the stored record or ``None``) and the file's ``ParseContext``, and returns
``(line, field, message, level)`` tuples: level ``"error"`` refuses the file, ``"confirm"`` is shown in
the preview and the file is written only once the user confirms it. Checks run in the preview and again,
inside the import's transaction, before anything is written.
"""

from collections import defaultdict
from collections.abc import Callable

_ROW_CHECKS: dict[str, list[Callable]] = defaultdict(list)


def register_row_check(sheet_key: str, check: Callable) -> None:
    if check not in _ROW_CHECKS[sheet_key]:
        _ROW_CHECKS[sheet_key].append(check)


def row_checks(sheet_key: str) -> list[Callable]:
    return list(_ROW_CHECKS.get(sheet_key, ()))
