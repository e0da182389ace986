"""The county's page for ticking which enterprises reported to the national system on time and accurately.

Paginated and searchable (a county may have hundreds of enterprises); "save" writes the rows shown,
"mark all" / "clear all" write every enterprise the current search and filter select. The county
comes from the URL through ``counties.access``; enterprise ids posted must be that county's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from counties import roles, window
from counties.access import county_for
from counties.quarters import QUARTERS
from enterprises import reporting

PER_PAGE = 50
SHOWS = (reporting.ALL, reporting.TICKED, reporting.UNTICKED, reporting.UNSEEN)


@login_required
def pick_quarter(request, code):
    """``?year=&quarter=`` (the quarter selector) or the latest quarter of the reporting window."""
    county = county_for(request.user, code)
    open_quarters = window.open_quarters(timezone.localdate())
    if not open_quarters:
        messages.error(request, _("还没有可以标记的季度。"))
        return redirect("workspace", code=county.code)
    year, quarter = open_quarters[-1]
    try:
        year = int(request.GET.get("year", year))
        quarter = int(request.GET.get("quarter", quarter))
    except ValueError:
        raise Http404 from None
    return redirect("enterprise_reports", code=county.code, year=year, quarter=quarter)


def _ids(values) -> set[int]:
    try:
        return {int(v) for v in values}
    except ValueError:
        raise ValidationError(_("提交的企业编号无效。")) from None


@login_required
def enterprise_reports(request, code, year, quarter):
    """The enterprises of one quarter of the reporting window (the same quarters as the quarterly figures)."""
    if not (2000 <= year <= 2100 and quarter in QUARTERS):
        raise Http404
    county = county_for(request.user, code, write=request.method == "POST")
    plan_years = window.plan_years()
    problem = window.refusal(year, quarter, timezone.localdate(), plan_years)
    if problem:
        messages.error(request, problem)
        return redirect("workspace", code=county.code)
    search = request.GET.get("q", "")[:100]
    show = request.GET.get("show", reporting.ALL)
    if show not in SHOWS:
        show = reporting.ALL
    rows = reporting.flag_rows(county, year, quarter, search=search, show=show)
    if request.method == "POST":
        return _save(request, county, year, quarter, rows)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in {"q": search, "show": show if show != reporting.ALL else ""}.items() if v})
    ctx = {
        "county": county,
        "year": year,
        "quarter": quarter,
        "page": page,
        "search": search,
        "show": show,
        "query": query,
        "summary": reporting.quarter_summary(county, year, quarter),
        "can_edit": roles.can_edit_county(request.user, county.pk),
        "locked": reporting.locked_for(request.user, county, year, quarter),
        "years": sorted(plan_years, reverse=True),
    }
    return render(request, "counties/enterprise_reports.html", ctx)


def _save(request, county, year, quarter, rows):
    action = request.POST.get("action", "save")
    try:
        if action in ("mark_all", "clear_all"):
            flag = action == "mark_all"
            n = reporting.flags_set_all(
                county=county,
                year=year,
                quarter=quarter,
                user=request.user,
                enterprises=rows,
                on_time=flag,
                accurate=flag,
            )
        else:
            shown = _ids(request.POST.getlist("shown"))
            on_time, accurate = _ids(request.POST.getlist("on_time")), _ids(request.POST.getlist("accurate"))
            values = {pk: (pk in on_time, pk in accurate) for pk in shown}
            n = reporting.flags_save(county=county, year=year, quarter=quarter, user=request.user, values=values)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("已保存企业填报标记（%(n)d条有变化）。") % {"n": n})
    url = reverse("enterprise_reports", args=[county.code, year, quarter])
    params = request.GET.urlencode()
    return redirect(f"{url}?{params}" if params else url)
