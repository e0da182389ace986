"""Numbers that are identifiers (ids, versions) are written into pages without the locale's grouping.

USE_THOUSAND_SEPARATOR is on so that figures read 1,234; an id written the same way posts "3,558" from a
checkbox or a hidden field and the form refuses it, or an anchor no longer matches its link. Every
``{{ x.pk }}``, ``{{ x.id }}``, ``{{ x_id }}`` and ``{{ x.version }}`` in a template carries ``|unlocalize``
(or another filter that makes it a plain string) — the test finds any that does not.
"""

import re
from pathlib import Path

from django.conf import settings

BARE_ID = re.compile(r"\{\{\s*([\w.]*(?:\.pk|\.id|_id|\.version))\s*\}\}")
NOT_NUMBERS = {
    "form.version",  # a form's bound field: its widget writes the value unlocalized
    "table_id",  # a string naming the table
}


def template_files():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in p.parts]
    return sorted({f for root in roots for f in root.rglob("*.html")})


def test_templates_are_found():
    assert len(template_files()) > 50


def test_no_identifier_is_written_with_thousands_separators():
    bare = [
        f"{f.relative_to(settings.BASE_DIR)}:{n}: {m.group(0)}"
        for f in template_files()
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        for m in BARE_ID.finditer(line)
        if m.group(1) not in NOT_NUMBERS
    ]
    assert not bare, "\n".join(bare)
