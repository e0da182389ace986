"""Every page of the portal a role can open, with real arguments: for the sweeps that walk them all.

The URL patterns and who may open what come from the permission table (tests/test_url_permissions.py),
which is itself checked against the URL conf, so a new page is walked here as soon as it has its row.
Downloads and JSON endpoints are left out by their content type. City admins also get the admin site:
its index, and every registered model's list, add form and one record's change form.

The records behind the arguments (``World``) are given Latin names here, so that a sweep in English can
tell the portal's own words from data people typed in Chinese.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.test_url_permissions import TABLE, USERS, World
from tests.twofactor import verify_session

ROLES = ("anonymous", *USERS)
# Pages only reachable with a query string, worth walking in their own right.
EXTRA = {
    "county_a": ["/overview/?year=2018&quarter=2", "/forecast/?year=2018&quarter=2", "/indicators/transaction_usd/"],
    "leader": [
        "/overview/?year=2018&quarter=2",
        "/forecast/?year=2018&quarter=2",
        "/indicators/transaction_usd/",
        "/indicators/parks_specialised/?year=2018",
        "/indicators/enterprises_filed/?county=411402",
        "/scorecard/2018/",
    ],
    "city_admin": ["/overview/?year=2016&pending=1", "/timeliness/?year=2017"],
}
LATIN_NAMES = {
    "enterprises": "Shangqiu Example Trading Co., Ltd.",
    "parks": "Example Cross-border Park",
    "warehouses": "Example Warehouse Los Angeles",
    "training-bases": "Example Training Base",
}


@dataclass(frozen=True)
class Page:
    name: str
    url: str


# Other text people typed into those records, likewise in Latin letters.
LATIN_FIELDS = {
    "warehouses": {"country": "United States", "city": "Los Angeles"},
    "training-bases": {"operator": "Example Operator"},
}


def world() -> World:
    """The records the URLs point at, named in Latin letters (their names are data, not the portal's words),
    in their history too."""
    w = World()
    for kind, record in w.records.items():
        latin = {"name": LATIN_NAMES[kind], **LATIN_FIELDS.get(kind, {})}
        type(record).objects.filter(pk=record.pk).update(**latin)
        record.history.update(**latin)
        record.refresh_from_db()
    w.follow_up.reason = "Please check the figure"
    w.follow_up.save(update_fields=["reason"])
    w.display_token.name = "Meeting room"
    w.display_token.save(update_fields=["name"])
    return w


def user_for(role, request):
    return None if role == "anonymous" else request.getfixturevalue(USERS[role])


def table_urls(role: str, w: World) -> list[Page]:
    pages = []
    for name, row in TABLE.items():
        if row.get.get(role) != 200:
            continue
        for spec in row.kwargs:
            pages.append(Page(name, reverse(name, kwargs=w.fill(spec))))
    return pages + [Page("extra", url) for url in EXTRA.get(role, [])]


def admin_urls() -> list[Page]:
    """The admin index, and each registered model's list, add form and first record's change form."""
    pages = [Page("admin:index", reverse("admin:index"))]
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        for suffix in ("changelist", "add"):
            try:
                pages.append(Page(f"{base}_{suffix}", reverse(f"{base}_{suffix}")))
            except NoReverseMatch:
                continue
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(Page(f"{base}_change", reverse(f"{base}_change", args=[first.pk])))
    return pages


def html_pages(client, role: str, w: World) -> list[Page]:
    """The pages ``role`` opens that answer 200 with HTML (``client`` already signed in as the role)."""
    candidates = table_urls(role, w) + (admin_urls() if role == "city_admin" else [])
    found = []
    for page in candidates:
        response = client.get(page.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.append(page)
    return found


def signed_in(client, role, request):
    user = user_for(role, request)
    if user is not None:
        client.force_login(user)
        if role == "city_admin":
            verify_session(client, user)  # as after the code step of signing in
    return user
