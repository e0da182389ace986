"""Per-county access for the pages: the one place a view turns a URL into a county or record it may use.

Like healthchecks' ``_get_rw_check_for_user``: a county (or a record of one) that the user may not see
is a 404, as if it did not exist; one the user may see but not change (leadership, or any user who is
not the county's staff or a city admin) is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from counties import roles
from counties.models import County, QuarterlyReport


def county_for(user, code: str, *, write: bool = False) -> County:
    """The county ``code`` if ``user`` may see it (404 otherwise); with ``write``, also may change it (403)."""
    county = get_object_or_404(County.objects.visible_to(user), code=code)
    if write and not roles.can_edit_county(user, county.pk):
        raise PermissionDenied
    return county


def record_for(user, queryset, county: County, pk: int, *, write: bool = False):
    """A registry record of ``county`` that ``user`` may see (404 otherwise), and change with ``write`` (403)."""
    record = get_object_or_404(queryset.visible_to(user), county=county, pk=pk)
    if write and not roles.can_edit_county(user, county.pk):
        raise PermissionDenied
    return record


def report_for(user, pk: int, *, write: bool = False) -> QuarterlyReport:
    """A quarterly report ``user`` may see (404 otherwise), and whose county they may change with ``write``."""
    report = get_object_or_404(QuarterlyReport.objects.visible_to(user).select_related("county"), pk=pk)
    if write and not roles.can_edit_county(user, report.county_id):
        raise PermissionDenied
    return report


def require_city_admin(user) -> None:
    """Review actions (approve, return, reopen) and the review queue are the city commerce bureau's."""
    if not roles.is_city_admin(user):
        raise PermissionDenied
