"""The county map's figures, as JSON for ``static/js/map.js`` (the overview, scorecard and indicator pages)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import reverse

from counties.models import County
from dashboards import map as mapping
from dashboards.views.params import choice_from
from targets.freshness import cached, request_version


def county_links(user) -> dict[int, str]:
    """The county pages ``user`` may open, by county id (the map links only those)."""
    return {
        pk: reverse("county", args=[code]) for pk, code in County.objects.visible_to(user).values_list("pk", "code")
    }


@login_required
def county_map_data(request, subject):
    """One subject's map at the chosen year and quarter: bands, and each unit's figure, band and link."""
    choice = choice_from(request)
    data = cached(
        "county_map",
        (subject, *choice.key),
        lambda: mapping.county_map(choice, subject),
        version=request_version(request),
    )
    return JsonResponse(mapping.as_json(data, county_links(request.user)))
