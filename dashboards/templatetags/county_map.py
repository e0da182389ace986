"""``{% county_map %}``: the county map block of a dashboard page.

A tag rather than view context so that a page adds its map with one line, and so that the list of
subjects is computed only when the page's cached HTML is not (inside ``{% cache %}`` the tag does not run).
The figures themselves are fetched by ``static/js/map.js`` from ``county_map_data``.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode

from dashboards import geo
from dashboards import map as mapping
from targets.freshness import cached, request_version

register = template.Library()


def _query(choice) -> str:
    params = {"year": choice.year, "quarter": choice.quarter}
    if choice.include_pending:
        params["pending"] = 1
    return urlencode(params)


@register.inclusion_tag("dashboards/_map.html", takes_context=True)
def county_map(context, default: str = "", fixed: str = ""):
    """The map of ``fixed`` (no choice offered), or of ``?map=`` among the year's subjects (else ``default``,
    else the first indicator)."""
    choice = context["choice"]
    request = context["request"]
    subjects = []
    if fixed:
        subject = fixed
    else:
        subjects = cached(
            "map_subjects", choice.key, lambda: mapping.subjects(choice), version=request_version(request)
        )
        codes = [code for code, _ in subjects]
        wanted = request.GET.get("map", "")
        fallback = default if default in codes else (codes[1] if len(codes) > 1 else codes[0])
        subject = wanted if wanted in codes else fallback
    query = _query(choice)
    return {
        "choice": choice,
        "subject": subject,
        "subjects": subjects,
        "data_url": f"{reverse('county_map_data', args=[subject])}?{query}",
        "base_url": reverse("county_map_data", args=["__subject__"]) + f"?{query}",
        "geo_url": static(geo.STATIC_PATH),
    }
