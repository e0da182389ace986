"""Every URL of the portal, walked by every role: a table of URL x role x expected status.

The table is checked against the URL conf itself (``get_resolver().url_patterns``, recursively): a new
URL pattern that has no row here fails ``test_every_url_pattern_is_in_the_table``, so no page can be
added without deciding who may open it. Path parameters are filled from real records of 梁园区 (county
A); 睢阳区's officer (county B) must get 404 or 403 on every one of them; anonymous visitors are sent to
the login page from everywhere but the login page; a leader's POST never succeeds on a data page.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from tests import builders


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast's passwords are hashed hundreds of times here; a fast hasher keeps the table quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


LOGIN = "login"  # a redirect to the login page
ADMIN_LOGIN = "admin_login"  # a redirect to the admin's login page
ROLES = ("anonymous", "county_a", "county_b", "city_admin", "leader")
USERS = {"county_a": "liangyuan_officer", "county_b": "suiyang_officer", "city_admin": "city_admin", "leader": "leader"}
KINDS = ("enterprises", "parks", "warehouses", "training-bases")


def _statuses(anonymous=LOGIN, county_a=200, county_b=200, city_admin=200, leader=200):
    return {
        "anonymous": anonymous,
        "county_a": county_a,
        "county_b": county_b,
        "city_admin": city_admin,
        "leader": leader,
    }


# What each kind of page answers to each role on GET.
EVERYONE = _statuses()
COUNTY_A_READ = _statuses(county_b=404)  # a page of county A's data: B's officer is told it does not exist
COUNTY_A_FORM = _statuses(county_b=404, leader=403)  # a form that writes county A's data
POST_ONLY = _statuses(county_a=405, county_b=405, city_admin=405, leader=405)
CITY_ONLY = _statuses(county_a=403, county_b=403, leader=403)

# Who must be refused when they POST (a forged or stale form): role -> status. Nothing may change.
REFUSE_WRITE = {"anonymous": LOGIN, "county_b": 404, "leader": 403}
REFUSE_REVIEW = {"anonymous": LOGIN, "county_a": 403, "county_b": 404, "leader": 403}


@dataclass
class Row:
    get: dict
    post: dict = field(default_factory=dict)  # roles whose POST must be refused, with the status
    kwargs: list = field(default_factory=lambda: [{}])  # names of World attributes, or literals


class World:
    """Real records of county A (梁园区 411402) for the URLs' parameters."""

    def __init__(self):
        self.code = "411402"
        e = builders.enterprise("411402")
        self.records = {
            "enterprises": e,
            "parks": builders.park("411402"),
            "warehouses": builders.warehouse("411402", enterprise=e),
            "training-bases": builders.training_base("411402"),
        }
        self.report = builders.report("411402", year=2016, quarter=1, status=ReportStatus.SUBMITTED)
        self.approved = builders.report("411402", year=2016, quarter=2, status=ReportStatus.APPROVED)

    def fill(self, spec: dict) -> dict:
        return {k: (v(self) if callable(v) else v) for k, v in spec.items()}

    def snapshot(self):
        return (
            list(QuarterlyReport.objects.order_by("pk").values_list("pk", "status", "version", "employees")),
            [m.objects.count() for m in (Enterprise, Park, OverseasWarehouse, TrainingBase)],
            [
                (type(r).__name__, r.pk, type(r).objects.filter(pk=r.pk).values_list("name", flat=True)[0])
                for r in self.records.values()
            ],
        )


def _code(w):
    return w.code


def _registry(action):
    return (
        [{"code": _code, "kind": kind} for kind in KINDS]
        if action == "list"
        else [{"code": _code, "kind": kind, "pk": (lambda w, k=kind: w.records[k].pk)} for kind in KINDS]
    )


def _report(w):
    return w.report.pk


def _approved(w):
    return w.approved.pk


TABLE = {
    # accounts
    "login": Row(get=_statuses(anonymous=200)),
    "logout": Row(get=_statuses(anonymous=405, county_a=405, county_b=405, city_admin=405, leader=405)),
    "password_change": Row(get=EVERYONE),
    "password_change_done": Row(get=EVERYONE),
    "set_language": Row(get=_statuses(anonymous=302, county_a=302, county_b=302, city_admin=302, leader=302)),
    # county workspace (this issue)
    "my_county": Row(get=_statuses(county_a=302, county_b=302)),
    "workspace": Row(get=COUNTY_A_READ, kwargs=[{"code": _code}]),
    "report_form": Row(get=COUNTY_A_FORM, post=REFUSE_WRITE, kwargs=[{"code": _code, "year": 2016, "quarter": 3}]),
    "report_detail": Row(get=COUNTY_A_READ, kwargs=[{"pk": _report}]),
    "report_submit": Row(get=POST_ONLY, post=REFUSE_WRITE, kwargs=[{"pk": _report}]),
    "report_approve": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _report}]),
    "report_return": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _report}]),
    "report_reopen": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _approved}]),
    "review_queue": Row(get=CITY_ONLY),
    "timeliness": Row(get=EVERYONE),
    "registry_list": Row(get=COUNTY_A_READ, kwargs=_registry("list")),
    "registry_add": Row(get=COUNTY_A_FORM, post=REFUSE_WRITE, kwargs=_registry("list")),
    "registry_edit": Row(get=COUNTY_A_FORM, post=REFUSE_WRITE, kwargs=_registry("record")),
    "registry_history": Row(get=COUNTY_A_READ, kwargs=_registry("record")),
    # leadership dashboards (issue 3): read-only for every signed-in role; a county page is its county's
    "home": Row(get=EVERYONE),
    "overview_export": Row(get=EVERYONE),
    "scorecard_latest": Row(get=_statuses(county_a=302, county_b=302, city_admin=302, leader=302)),
    "scorecard": Row(get=EVERYONE, kwargs=[{"year": 2016}]),
    "scorecard_export": Row(get=EVERYONE, kwargs=[{"year": 2016}]),
    "county": Row(get=COUNTY_A_READ, kwargs=[{"code": _code}]),
    "indicator": Row(get=EVERYONE, kwargs=[{"code": "enterprises_filed"}]),
    "milestones": Row(get=EVERYONE),
    "forecast": Row(get=EVERYONE),
    "export_targets": Row(get=EVERYONE, kwargs=[{"fmt": "csv"}]),
    # spreadsheets (issue 5)
    "spreadsheets:index": Row(get=_statuses(leader=200)),
    "spreadsheets:template": Row(get=_statuses(leader=403), kwargs=[{"key": "enterprises", "fmt": "xlsx"}]),
    "spreadsheets:export": Row(get=EVERYONE, kwargs=[{"key": "enterprises", "fmt": "xlsx"}]),
    "spreadsheets:import": Row(
        get=_statuses(leader=403), post={"anonymous": LOGIN, "leader": 403}, kwargs=[{"key": "enterprises"}]
    ),
    "spreadsheets:import_confirm": Row(
        get=POST_ONLY, post={"anonymous": LOGIN, "leader": 403}, kwargs=[{"key": "enterprises"}]
    ),
}

# Served by whitenoise or the admin site, not by this table: the admin is checked on its index.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_PREFIXES = ("static/", "media/")


def url_patterns(patterns=None, prefix="", namespace=None):
    """``(qualified name, route)`` of every pattern of the URL conf, descending into includes."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            if ns.split(":")[0] in SKIPPED_NAMESPACES:
                continue
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns or None)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            yield (f"{namespace}:{p.name}" if namespace and p.name else p.name), route


def test_every_url_pattern_is_in_the_table():
    found = dict(url_patterns())
    missing = {name or "(unnamed)": route for name, route in found.items() if name not in TABLE}
    assert not missing, f"URL patterns without a row in tests/test_url_permissions.py TABLE: {missing}"
    stale = set(TABLE) - set(found)
    assert not stale, f"TABLE rows for URLs that no longer exist: {stale}"


def _client_for(role, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(USERS[role]))
    return client


def _check(response, expected, name, role):
    where = f"{name} as {role}: got {response.status_code}"
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response.url.startswith(reverse("login")), where
    else:
        assert response.status_code == expected, where


def _cases():
    for name in TABLE:
        for role in ROLES:
            yield pytest.param(name, role, id=f"{name}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_cases()))
def test_get(name, role, client, request):
    world = World()
    row = TABLE[name]
    client = _client_for(role, client, request)
    for spec in row.kwargs:
        _check(client.get(reverse(name, kwargs=world.fill(spec))), row.get[role], name, role)


def _post_cases():
    for name, row in TABLE.items():
        for role in row.post:
            yield pytest.param(name, role, id=f"{name}-{role}")


def _valid_post(world):
    """Data that would be accepted if the user were allowed: a refused POST is refused for the right reason."""
    return {
        "version": world.report.version,
        "comment": "意见",
        "reason": "原因",
        "name": "篡改名称",
        "operator": "单位",
        "credit_code": builders.credit_code(),
        "filed_on": "2016-05-01",
        "established_on": "2016-05-01",
        "opened_on": "2016-05-01",
        "country": "美国",
        "mode": "leased",
        "status": "operating",
        "industry": "other",
        "transaction_usd": Decimal(5),
        "employees": 1,
        "reporting_enterprises": 1,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_post_cases()))
def test_refused_post_changes_nothing(name, role, client, request):
    world = World()
    row = TABLE[name]
    before = world.snapshot()
    client = _client_for(role, client, request)
    for spec in row.kwargs:
        _check(client.post(reverse(name, kwargs=world.fill(spec)), _valid_post(world)), row.post[role], name, role)
    assert world.snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in TABLE if n not in ("login", "logout", "set_language")])
def test_a_leaders_post_changes_nothing_anywhere(name, client, leader):
    """Leaders read everything and change nothing: a form page refuses them, any other page ignores the POST."""
    world = World()
    client.force_login(leader)
    before = world.snapshot()
    for spec in TABLE[name].kwargs:
        response = client.post(reverse(name, kwargs=world.fill(spec)), _valid_post(world))
        if TABLE[name].post:
            assert response.status_code == 403, name
        assert response.status_code < 500, name
    assert world.snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", ADMIN_LOGIN), ("county_a", ADMIN_LOGIN), ("leader", ADMIN_LOGIN), ("city_admin", 200)],
)
def test_the_admin_site_is_for_staff_only(role, expected, client, request):
    client = _client_for(role, client, request)
    response = client.get(reverse("admin:index"))
    if expected == ADMIN_LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected


def test_the_walk_reaches_patterns_inside_includes_with_their_namespace():
    from django.urls import include, path

    def view(request):
        raise AssertionError

    conf = [path("x/", include(([path("y/<int:pk>/", view, name="z")], "ns"))), path("admin/", include(([], "admin")))]
    assert list(url_patterns(conf)) == [("ns:z", "x/y/<int:pk>/")]
    assert "ns:z" not in TABLE  # such a new page would fail test_every_url_pattern_is_in_the_table
