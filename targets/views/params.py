"""Reading a dashboard's query string: bad input is a 404, never a 500."""

from django.http import Http404

from targets import freshness, selectors


def int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise Http404(f"参数 {name} 无效")
    return int(raw)


def choice_from(request, year: int | None = None) -> selectors.Choice:
    """The plan year, as-of quarter and pending option asked for by ``?year=&quarter=&pending=1``."""
    if year is None:
        year = int_param(request, "year")
    pending = request.GET.get("pending") == "1"
    version = freshness.request_version(request)
    return selectors.choose(year, int_param(request, "quarter"), pending, version=version)
