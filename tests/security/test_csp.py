"""The Content-Security-Policy: scripts only from the portal's own files, and no page that needs more.

Every page carries the policy; and every page the URL table knows (tests/test_url_permissions.py), as
each role sees it, is free of what the policy would block: inline scripts (a ``json_script`` data block
is not a script), inline event handlers, ``javascript:`` URLs and inline styles.
"""

import re

import pytest
from django.urls import reverse

from tests.test_url_permissions import TABLE, USERS, World

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_says_scripts_come_from_the_portal_only(client, leader):
    for url in (reverse("login"), "/"):
        policy = _policy(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in " ".join(sum(policy.values(), [])), url
        client.force_login(leader)


def _pages():
    for name, row in TABLE.items():
        for role in USERS:
            if row.get.get(role) == 200 and role in ("county_a", "city_admin", "leader"):
                yield pytest.param(name, role, id=f"{name}-{role}")


@pytest.mark.parametrize(("name", "role"), list(_pages()))
def test_no_page_needs_an_inline_script_handler_or_style(name, role, client, request):
    world = World()
    client.force_login(request.getfixturevalue(USERS[role]))
    for spec in TABLE[name].kwargs:
        response = client.get(reverse(name, kwargs=world.fill(spec)))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL, STYLE_ATTR):
            found = pattern.search(html)
            assert found is None, f"{name} as {role}: {found.group(0)[:120]}"


def test_the_admins_export_page_has_no_inline_handler_either(admin_client):
    html = admin_client.get(reverse("admin:enterprises_enterprise_export")).content.decode()
    assert HANDLER.search(html) is None and STYLE_ATTR.search(html) is None
    assert "js/admin_export.js" in html
