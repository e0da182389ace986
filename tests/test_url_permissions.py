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
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from counties.models import QuarterlyReport, ReportStatus
from dashboards.display_tokens import display_token_issue
from dashboards.models import Bulletin, DisplayToken
from enterprises.models import Enterprise, EnterpriseReport, OverseasWarehouse, Park, TrainingBase
from milestones.models import ProgressEntry
from milestones.services import progress_record
from notifications.models import Notification
from quality.models import Comment, FollowUp, MinMaxBound, OutlierSettings, RuleRun
from targets.models import Milestone, Plan
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
OWNER_ONLY = _statuses(county_b=404, city_admin=404, leader=403)  # county A's officer's own upload

# Who must be refused when they POST (a forged or stale form): role -> status. Nothing may change.
REFUSE_WRITE = {"anonymous": LOGIN, "county_b": 404, "leader": 403}
REFUSE_REVIEW = {"anonymous": LOGIN, "county_a": 403, "county_b": 404, "leader": 403}
CITY_AND_LEADERS = _statuses(county_a=403, county_b=403)  # the data-quality overview pages
REFUSE_CITY_ONLY = {"anonymous": LOGIN, "county_a": 403, "county_b": 403, "leader": 403}


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
        self.display_token = display_token_issue(name="会议室", by=None)[0]
        owner = User.objects.create_user("notice-owner")
        self.notice = Notification.objects.create(
            recipient=owner, kind="report_returned", texts={"zh-hans": ["x", "y"]}
        )
        self.bulletin = Bulletin.objects.create(
            plan=Plan.objects.get(), year=2016, quarter=1, language="zh-hans", data_version="0.0", docx=b"docx"
        )
        self.follow_up = FollowUp.objects.create(report=self.report, figure="employees", reason="核实")
        self.bound = MinMaxBound.objects.create(county=self.report.county, figure="employees", minimum=1, maximum=9)
        self.run = RuleRun.objects.create(years=[2016], quarters=[1])
        self.milestone = Milestone.objects.get(code="customs_upgrade")
        self.evidence = progress_record(
            milestone=self.milestone,
            by=None,
            status="in_progress",
            note="progress",
            uploads=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n")],
        ).attachments.get()

    def fill(self, spec: dict) -> dict:
        return {k: (v(self) if callable(v) else v) for k, v in spec.items()}

    def snapshot(self):
        return (
            list(QuarterlyReport.objects.order_by("pk").values_list("pk", "status", "version", "employees")),
            [m.objects.count() for m in (Enterprise, Park, OverseasWarehouse, TrainingBase)],
            list(DisplayToken.objects.order_by("pk").values_list("pk", "name", "revoked_at")),
            [
                (type(r).__name__, r.pk, type(r).objects.filter(pk=r.pk).values_list("name", flat=True)[0])
                for r in self.records.values()
            ],
            [m.objects.count() for m in (FollowUp, Comment, RuleRun, EnterpriseReport, MinMaxBound)],
            list(FollowUp.objects.values_list("status", flat=True)),
            list(MinMaxBound.objects.values_list("minimum", "maximum", "is_generated")),
            list(OutlierSettings.objects.values_list("k", "min_history")),
            ProgressEntry.objects.count(),
            list(Milestone.objects.order_by("pk").values_list("status", "reached_on", "evidence")),
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


def _upload(w):
    """An upload of 梁园区's officer waiting for confirmation (the officer is made here if not yet)."""
    from django.contrib.auth.models import User

    from spreadsheets.models import Upload, UploadState

    owner, _created = User.objects.get_or_create(username="liangyuan")
    upload, _created = Upload.objects.get_or_create(
        owner=owner, sheet_key="enterprises", defaults={"file_name": "a.csv", "size": 1, "state": UploadState.CHECKED}
    )
    return upload.pk


def _job(w):
    """A job of county A's officer (the fixture's user when that role is logged in, else a stand-in)."""
    from django.contrib.auth.models import User

    from jobs.models import Job

    owner = User.objects.get_or_create(username="liangyuan")[0]
    return Job.objects.create(kind="tests.jobs.handlers.count_rows", label="表格导入导出", owner=owner).pk


def _display_token(w):
    return w.display_token.pk


def _bulletin(w):
    return w.bulletin.pk


def _follow_up(w):
    return w.follow_up.pk


def _bound(w):
    return w.bound.pk


def _run(w):
    return w.run.pk


TABLE = {
    # accounts
    "login": Row(get=_statuses(anonymous=200)),
    "favicon": Row(get=_statuses(anonymous=301, county_a=301, county_b=301, city_admin=301, leader=301)),
    # the admin's own login form is replaced by the portal's (lockout, throttling, two-factor)
    # signed in but not a city admin: a page saying the admin is not for them (issue 10), not a login form
    "admin_login_redirect": Row(get=_statuses(anonymous=302, county_a=403, county_b=403, city_admin=302, leader=403)),
    "logout": Row(get=_statuses(anonymous=405, county_a=405, county_b=405, city_admin=405, leader=405)),
    "password_change": Row(get=EVERYONE),
    "password_change_done": Row(get=EVERYONE),
    "accounts:profile": Row(get=EVERYONE),  # their own profile: a leader may change it too
    # two-factor (issue 9): each user's own; the code step sends a session that owes nothing on to the portal
    "signin:verify": Row(get=_statuses(county_a=302, county_b=302, city_admin=302, leader=302)),
    "signin:setup": Row(get=EVERYONE),  # opt-in for all; a city admin's verified session may replace the app
    "signin:recovery_codes": Row(get=EVERYONE),  # codes shown once; afterwards a page saying so
    "signin:two_factor": Row(get=EVERYONE),
    "signin:regenerate": Row(get=POST_ONLY),
    "signin:disable": Row(get=POST_ONLY),
    # notices (issue 10): everyone has an inbox; another user's notice does not exist for them
    "notifications:inbox": Row(get=EVERYONE),
    "notifications:open": Row(
        get=_statuses(county_a=404, county_b=404, city_admin=404, leader=404), kwargs=[{"pk": lambda w: w.notice.pk}]
    ),
    "notifications:read_all": Row(get=POST_ONLY),
    "notifications:settings": Row(get=EVERYONE),
    "todo": Row(get=_statuses(leader=302)),
    "set_language": Row(get=_statuses(anonymous=302, county_a=302, county_b=302, city_admin=302, leader=302)),
    # county workspace (this issue)
    "my_county": Row(get=_statuses(county_a=302, county_b=302)),
    "workspace": Row(get=COUNTY_A_READ, kwargs=[{"code": _code}]),
    "report_form": Row(get=COUNTY_A_FORM, post=REFUSE_WRITE, kwargs=[{"code": _code, "year": 2016, "quarter": 3}]),
    "report_detail": Row(get=COUNTY_A_READ, kwargs=[{"pk": _report}]),
    "report_submit": Row(get=POST_ONLY, post=REFUSE_WRITE, kwargs=[{"pk": _report}]),
    "report_approve": Row(
        get=_statuses(county_a=403, county_b=404, leader=403), post=REFUSE_REVIEW, kwargs=[{"pk": _report}]
    ),
    "report_return": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _report}]),
    "report_reopen": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _approved}]),
    "review_queue": Row(get=CITY_ONLY),
    "timeliness": Row(get=EVERYONE),
    "registry_list": Row(get=COUNTY_A_READ, kwargs=_registry("list")),
    "registry_add": Row(get=COUNTY_A_FORM, post=REFUSE_WRITE, kwargs=_registry("list")),
    "registry_edit": Row(get=COUNTY_A_FORM, post=REFUSE_WRITE, kwargs=_registry("record")),
    "registry_history": Row(get=COUNTY_A_READ, kwargs=_registry("record")),
    "enterprise_reports_pick": Row(
        get=_statuses(county_a=302, county_b=404, city_admin=302, leader=302), kwargs=[{"code": _code}]
    ),
    "enterprise_reports": Row(
        get=COUNTY_A_READ, post=REFUSE_WRITE, kwargs=[{"code": _code, "year": 2016, "quarter": 1}]
    ),
    # data quality (issue 11)
    "quality:index": Row(get=CITY_AND_LEADERS),
    "quality:runs": Row(get=CITY_AND_LEADERS, post=REFUSE_CITY_ONLY),
    "quality:run_detail": Row(get=CITY_AND_LEADERS, kwargs=[{"pk": _run}]),
    "quality:outliers": Row(get=EVERYONE),
    "quality:bounds": Row(get=CITY_AND_LEADERS, post=REFUSE_CITY_ONLY),
    "quality:bound_edit": Row(get=CITY_ONLY, post=REFUSE_CITY_ONLY, kwargs=[{"pk": _bound}]),
    "quality:follow_ups": Row(get=EVERYONE),
    "quality:follow_up_create": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _report}]),
    "quality:follow_up_resolve": Row(get=POST_ONLY, post=REFUSE_REVIEW, kwargs=[{"pk": _follow_up}]),
    "quality:comment_create": Row(get=POST_ONLY, post=REFUSE_WRITE, kwargs=[{"pk": _report}]),
    # leadership dashboards (issue 3): read-only for every signed-in role; a county page is its county's
    "home": Row(get=_statuses(county_a=302, county_b=302, city_admin=302)),  # to their to-do
    "overview": Row(get=EVERYONE),
    "overview_export": Row(get=EVERYONE),
    "scorecard_latest": Row(get=_statuses(county_a=302, county_b=302, city_admin=302, leader=302)),
    "scorecard": Row(get=EVERYONE, kwargs=[{"year": 2016}]),
    "scorecard_export": Row(get=EVERYONE, kwargs=[{"year": 2016}]),
    "county": Row(get=COUNTY_A_READ, kwargs=[{"code": _code}]),
    "indicator": Row(get=EVERYONE, kwargs=[{"code": "enterprises_filed"}]),
    "milestones": Row(get=EVERYONE),
    # key projects' progress (issue 14): everyone reads it and its evidence files; city admins record it
    "milestones:detail": Row(get=EVERYONE, kwargs=[{"pk": lambda w: w.milestone.pk}]),
    "milestones:record": Row(get=CITY_ONLY, post=REFUSE_CITY_ONLY, kwargs=[{"pk": lambda w: w.milestone.pk}]),
    "milestones:attachment": Row(get=EVERYONE, kwargs=[{"key": lambda w: w.evidence.key}]),
    "forecast": Row(get=EVERYONE),
    "export_targets": Row(get=EVERYONE, kwargs=[{"fmt": "csv"}]),
    # map, meeting-room screen and display tokens (issue 13): the screen's frame holds no figures; its data
    # needs a display token or a login; tokens are the city admins'
    "county_map_data": Row(get=EVERYONE, kwargs=[{"subject": "enterprises_filed"}, {"subject": "score"}]),
    "bulletins": Row(get=_statuses(county_a=403, county_b=403)),
    "bulletin_request": Row(get=POST_ONLY),
    "bulletin_download": Row(get=_statuses(county_a=403, county_b=403), kwargs=[{"pk": _bulletin, "fmt": "docx"}]),
    "screen": Row(get=_statuses(anonymous=200)),
    "screen_data": Row(get=_statuses(anonymous=401)),
    "screen_tokens": Row(get=CITY_ONLY, post=REFUSE_REVIEW | {"county_a": 403, "county_b": 403}),
    "screen_token_revoke": Row(
        get=POST_ONLY, post=REFUSE_REVIEW | {"county_a": 403, "county_b": 403}, kwargs=[{"pk": _display_token}]
    ),
    # spreadsheets (issue 5)
    "spreadsheets:index": Row(get=_statuses(leader=200)),
    "spreadsheets:template": Row(get=_statuses(leader=403), kwargs=[{"key": "enterprises", "fmt": "xlsx"}]),
    "spreadsheets:export": Row(get=EVERYONE, kwargs=[{"key": "enterprises", "fmt": "xlsx"}]),
    "spreadsheets:import": Row(
        get=_statuses(leader=403), post={"anonymous": LOGIN, "leader": 403}, kwargs=[{"key": "enterprises"}]
    ),
    "spreadsheets:upload": Row(get=OWNER_ONLY, kwargs=[{"pk": _upload}]),
    "spreadsheets:upload_confirm": Row(
        get=POST_ONLY,
        post={"anonymous": LOGIN, "county_b": 404, "city_admin": 404, "leader": 403},
        kwargs=[{"pk": _upload}],
    ),
    # background jobs (issue 15): a job is seen by its owner (county A's officer) and city admins only
    "jobs:list": Row(get=EVERYONE),
    "jobs:detail": Row(get=_statuses(county_b=404, leader=404), kwargs=[{"pk": _job}]),
    "jobs:status": Row(get=_statuses(county_b=404, leader=404), kwargs=[{"pk": _job}]),
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
        "reporting_enterprises": 0,
        "figure": "employees",
        "text": "留言",
        "resolution": "已核实",
        "k": "2",
        "min_history": "2",
        "minimum": "0",
        "maximum": "5",
        "years": "2016",
        "quarters": "1",
        "action": "save",
        "note": "进展",
        "shown": world.records["enterprises"].pk,
        "on_time": world.records["enterprises"].pk,
        "accurate": world.records["enterprises"].pk,
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
