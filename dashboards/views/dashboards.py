"""City-wide pages for the leadership group: overview, scorecard, forecast, milestones, and their downloads."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from counties import roles, todo
from dashboards import drilldown, exports, selectors
from dashboards.forecast import Method
from dashboards.scorecard import SCORING_RULE
from dashboards.views.params import choice_from
from targets.freshness import cached, cached_page, request_version
from targets.views.catalogue import CONTENT_TYPES, attachment


@login_required
def home(request):
    """ "/": each role's landing page. County staff and city admins start from their to-do; leaders (and
    anyone else) from the overview. "/?year=…" (the overview's own links, old bookmarks) is the overview."""
    user = request.user
    if not request.GET and (roles.is_county_staff(user) or roles.is_city_admin(user)):
        return redirect("todo")
    return overview(request)


@login_required
def overview(request):
    """The overview: every city-wide target of the year, headline numbers first, and the year's milestones,
    under a banner naming the units whose quarters the figures leave out."""
    choice = choice_from(request)
    context = cached_page(request, "overview", choice.key, lambda: selectors.overview(choice))
    gaps = SimpleLazyObject(
        lambda: cached(
            "overview_gaps",
            choice.key,
            lambda: todo.quarter_gaps(choice.year, choice.quarter, include_pending=choice.include_pending),
            version=request_version(request),
        )
    )
    context |= {"choice": choice, "methods": Method, "gaps": gaps}
    return render(request, "dashboards/overview.html", context)


@login_required
def overview_export(request):
    choice = choice_from(request)
    data = exports.overview_xlsx(cached("overview", choice.key, lambda: selectors.overview(choice)))
    return attachment(data, f"overview-{choice.year}Q{choice.quarter}.xlsx", CONTENT_TYPES["xlsx"])


@login_required
def scorecard_latest(request):
    choice = choice_from(request)
    query = request.GET.copy()
    query.pop("year", None)
    url = reverse("scorecard", args=[choice.year])
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@login_required
def scorecard(request, year):
    """Counties x quotas, the composite score and the ranking, with the scoring rule written out."""
    choice = choice_from(request, year)
    context = cached_page(request, "scorecard", choice.key, lambda: selectors.scorecard(choice))
    visible_ids = SimpleLazyObject(lambda: drilldown.visible_county_ids(request.user))
    context |= {"choice": choice, "card": context["page"], "rule": _(SCORING_RULE), "visible_ids": visible_ids}
    return render(request, "dashboards/scorecard.html", context)


@login_required
def scorecard_export(request, year):
    choice = choice_from(request, year)
    card = cached("scorecard", choice.key, lambda: selectors.scorecard(choice))
    data = exports.scorecard_xlsx(card, choice)
    return attachment(data, f"scorecard-{choice.year}Q{choice.quarter}.xlsx", CONTENT_TYPES["xlsx"])


@login_required
def forecast(request):
    """Year-end projections from the quarters so far, with the targets that will be missed at this pace."""
    choice = choice_from(request, forecasting=True)
    context = cached_page(request, "forecast", choice.key, lambda: selectors.forecast_rows(choice))
    rows = context["page"]

    def sections():
        city, counties = rows
        return [(_("全市目标"), city, "forecast-city"), (_("县区任务"), counties, "forecast-counties")]

    def methods():
        city, counties = rows
        return selectors.forecast_methods(city + counties)

    context |= {"choice": choice, "sections": SimpleLazyObject(sections), "methods": SimpleLazyObject(methods)}
    return render(request, "dashboards/forecast.html", context)


@login_required
def milestones(request):
    """The key projects on a timeline: the year each is due against the date it was reached."""
    choice = choice_from(request)
    context = cached_page(request, "milestones", (choice.plan.pk,), lambda: selectors.milestone_rows(choice.plan))
    return render(request, "dashboards/milestones.html", {"choice": choice, "rows": context["page"], **context})
