"""What the navigation needs to know about the user, from the role helpers (one query for the groups)."""

from django.utils.functional import SimpleLazyObject

from counties import roles


def role(request):
    user = request.user
    return {
        "is_city_admin": roles.is_city_admin(user),
        "is_leader": roles.is_leader(user),
        "is_county_staff": roles.is_county_staff(user),
    }


def review_waiting(request):
    """The city admin's badge: reports waiting for review. Lazy (counted only where the header shows it),
    and outside the nav's cached fragment, which is shared by every admin."""
    user = request.user
    if not roles.is_city_admin(user):
        return {}
    from counties.selectors import review_queue

    return {"review_waiting": SimpleLazyObject(lambda: review_queue(user).count())}
