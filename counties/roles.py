"""Who may see and do what. The one place that decides a user's role and county.

Roles are Django groups; a county officer additionally has a ``Membership`` naming their county.
"""

COUNTY_STAFF = "县区填报员"
CITY_ADMIN = "市商务局管理员"
LEADERSHIP = "领导小组"
ALL_ROLES = (COUNTY_STAFF, CITY_ADMIN, LEADERSHIP)


def remember_groups(user, names: set[str]) -> None:
    """The names of ``user``'s groups, read with the user (``signin.backends``): no query of their own."""
    user._cbec_groups = set(names)


def _groups(user) -> set[str]:
    cached = getattr(user, "_cbec_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._cbec_groups = cached
    return cached


def is_city_admin(user) -> bool:
    """City commerce bureau admins approve, import, manage users and fix data (superusers too)."""
    return user.is_authenticated and (user.is_superuser or CITY_ADMIN in _groups(user))


def is_leader(user) -> bool:
    """Members of the leadership group read everything and change nothing."""
    return user.is_authenticated and LEADERSHIP in _groups(user)


def is_county_staff(user) -> bool:
    return user.is_authenticated and COUNTY_STAFF in _groups(user) and county_id_of(user) is not None


def sees_all_counties(user) -> bool:
    return is_city_admin(user) or is_leader(user)


def sees_county(user, county_id) -> bool:
    """Whether ``user`` may see the data of the unit ``county_id``: the city every unit, county staff their own
    (``CountyQuerySet.visible_to`` is the same rule as a query)."""
    if not user.is_authenticated:
        return False
    if sees_all_counties(user):
        return True
    return county_id is not None and county_id_of(user) == county_id


def sees_pending(user, county_id=None) -> bool:
    """Whether ``user`` may see figures still under review of the county ``county_id`` (of every county if None).

    Submitted figures are not yet the city's: the city admins who review them and the leadership group
    (who read every county, clearly marked "含待审核数据") may include them; county staff only their own
    county's, so a city-wide page (``county_id`` None) counts only approved figures for them.
    """
    if sees_all_counties(user):
        return True
    return county_id is not None and is_county_staff(user) and county_id_of(user) == county_id


def sees_milestones(user) -> bool:
    """Everyone with a role reads the key projects' progress and opens their evidence files."""
    return is_city_admin(user) or is_leader(user) or is_county_staff(user)


def records_milestones(user) -> bool:
    """Only the city commerce bureau records a key project's progress (status, date reached, evidence)."""
    return is_city_admin(user)


def county_id_of(user):
    """The county a user is bound to, or None."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.county_id if membership else None


def can_edit_county(user, county_id) -> bool:
    """County staff edit their own county; city admins edit any; leaders edit nothing."""
    if is_city_admin(user):
        return True
    return is_county_staff(user) and county_id_of(user) == county_id


# What each group may do through Django's model permissions (the admin and the import/export
# screens check these); per-county scoping is added on top by ``County.objects.visible_to``.
_REGISTRY_MODELS = [
    ("enterprises", "enterprise"),
    ("enterprises", "enterprisereport"),
    ("enterprises", "park"),
    ("enterprises", "overseaswarehouse"),
    ("enterprises", "trainingbase"),
    ("counties", "quarterlyreport"),
]
_PLAN_MODELS = [
    ("targets", "plan"),
    ("targets", "indicator"),
    ("targets", "target"),
    ("targets", "milestone"),
    ("targets", "baseline"),
    ("counties", "county"),
]
GROUP_PERMISSIONS = {
    COUNTY_STAFF: [(app, model, action) for app, model in _REGISTRY_MODELS for action in ("view", "add", "change")]
    + [("counties", "county", "view")],
    LEADERSHIP: [(app, model, "view") for app, model in _REGISTRY_MODELS + _PLAN_MODELS],
    CITY_ADMIN: [
        (app, model, action)
        for app, model in _REGISTRY_MODELS + _PLAN_MODELS + [("counties", "membership"), ("auth", "user")]
        for action in ("view", "add", "change", "delete")
    ],
}


_EXTRA_PERMISSIONS: dict[str, list[tuple[str, str, str]]] = {}


def register_permissions(extra: dict[str, list[tuple[str, str, str]]]) -> None:
    """Let an app above this one grant the roles permissions on its own models (from its ``ready()``),
    without this module naming them. Applied by ``ensure_groups`` with the permissions above."""
    for role, perms in extra.items():
        known = _EXTRA_PERMISSIONS.setdefault(role, [])
        known.extend(p for p in perms if p not in known)


def ensure_groups(**kwargs) -> None:
    """Create the three role groups with their model permissions (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.none()
        for app, model, action in [*perms, *_EXTRA_PERMISSIONS.get(name, [])]:
            wanted = wanted | Permission.objects.filter(
                content_type__app_label=app, content_type__model=model, codename=f"{action}_{model}"
            )
        group.permissions.set(wanted)
