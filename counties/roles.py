"""Who may see and do what. The one place that decides a user's role and county.

Roles are Django groups; a county officer additionally has a ``Membership`` naming their county.
"""

COUNTY_STAFF = "县区填报员"
CITY_ADMIN = "市商务局管理员"
LEADERSHIP = "领导小组"
ALL_ROLES = (COUNTY_STAFF, CITY_ADMIN, LEADERSHIP)


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


def county_id_of(user):
    """The county a user is bound to, or None."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.county_id if membership else None


def can_edit_county(user, county_id) -> bool:
    """County staff edit their own county; city admins edit any; leaders edit nothing."""
    if is_city_admin(user):
        return True
    return is_county_staff(user) and county_id_of(user) == county_id
