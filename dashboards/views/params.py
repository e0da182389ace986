"""Reading a dashboard's query string: bad input is a 404, never a 500."""

from django.http import Http404

from counties import roles
from dashboards import selectors
from targets import freshness


def int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise Http404(f"参数 {name} 无效")
    return int(raw)


def choice_from(request, year: int | None = None, *, county=None, forecasting: bool = False) -> selectors.Choice:
    """The plan year, as-of quarter and pending option asked for by ``?year=&quarter=&pending=1``.

    ``county`` is the one county a page shows (None for a city-wide page). ``pending=1`` is honoured
    only if the user may see the pending figures of everything the page counts (``roles.sees_pending``);
    otherwise the page counts approved figures only and does not offer the option. ``forecasting``: with
    no quarter asked for, open on the latest quarter that still has something to forecast."""
    if year is None:
        year = int_param(request, "year")
    allowed = roles.sees_pending(request.user, county.pk if county is not None else None)
    pending = allowed and request.GET.get("pending") == "1"
    version = freshness.request_version(request)
    quarter = int_param(request, "quarter")
    choice = selectors.choose(year, quarter, pending, version=version, pending_allowed=allowed)
    return selectors.for_forecast(choice, version=version) if forecasting and quarter is None else choice
