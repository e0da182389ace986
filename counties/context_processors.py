"""What the navigation needs to know about the user, from the role helpers (one query for the groups)."""

from counties import roles


def role(request):
    user = request.user
    return {
        "is_city_admin": roles.is_city_admin(user),
        "is_leader": roles.is_leader(user),
        "is_county_staff": roles.is_county_staff(user),
    }
