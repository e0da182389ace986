"""The data-quality pages: overview of rules, batch runs, outliers and bounds, follow-ups.

City admins run and change things; leaders read the same pages; county staff see the outliers and
follow-ups of their own county (``County.objects.visible_to``).
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from counties import roles, window
from counties.models import County, QuarterlyReport
from quality import runs, selectors, services
from quality.forms import BoundForm, BoundsGenerateForm, RunForm
from quality.models import Figure, FollowUpStatus, MinMaxBound, OutlierSettings, RuleRun, ValidationRule
from shangqiu_cbec.language import localised

PER_PAGE = 100


def _require_reader(user) -> None:
    """The overview, runs and bounds are the city's and the leadership's."""
    if not roles.sees_all_counties(user):
        raise PermissionDenied


def _query(request) -> str:
    """The page's filters, to carry into the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def index(request):
    _require_reader(request.user)
    follow_ups = selectors.follow_up_list(request.user).aggregate(
        open=Count("pk", filter=Q(status=FollowUpStatus.OPEN)), total=Count("pk")
    )
    ctx = {
        "rules": ValidationRule.objects.all(),
        "runs": RuleRun.objects.select_related("started_by")[:5],
        "follow_ups": follow_ups,
        "settings": OutlierSettings.current(),
        "bounds": MinMaxBound.objects.count(),
        "can_change": roles.is_city_admin(request.user),
    }
    return render(request, "quality/index.html", ctx)


def _years(user) -> list[int]:
    """The plan years and any other year with figures, newest first."""
    stored = QuarterlyReport.objects.visible_to(user).order_by().values_list("year", flat=True).distinct()
    return sorted({*window.plan_years(), *stored}, reverse=True)


@login_required
def run_list(request):
    """Past runs, and (city admins) a form to start one over any years, quarters and counties."""
    _require_reader(request.user)
    can_run = roles.is_city_admin(request.user)
    form = RunForm(request.POST or None, years=_years(request.user))
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if form.is_valid():
            try:
                run = runs.run_create(
                    user=request.user,
                    years=form.cleaned_data["years"],
                    quarters=form.cleaned_data["quarters"],
                    counties=list(form.cleaned_data["counties"]),
                )
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                return start_run(request, run)
    runs_made = RuleRun.objects.select_related("started_by").prefetch_related("counties")
    page = Paginator(runs_made, 20).get_page(request.GET.get("page"))
    return render(request, "quality/runs.html", {"form": form, "page": page, "can_run": can_run})


def start_run(request, run: RuleRun):
    """Run the batch as a background job (its page shows the progress and links to the results);
    without the job runner installed, run it within the request."""
    if apps.is_installed("jobs"):
        from quality import tasks

        job = tasks.run_rules.start(owner=request.user, run_id=run.pk)
        RuleRun.objects.filter(pk=run.pk).update(job_id=str(job.pk))
        return redirect(job)
    try:
        runs.run_execute(run_id=run.pk)
    except Exception:  # recorded on the run by run_execute; the page shows it
        messages.error(request, _("批量校验出错，详见结果页。"))
    else:
        messages.success(request, _("批量校验已完成。"))
    return redirect("quality:run_detail", pk=run.pk)


@login_required
def run_detail(request, pk):
    _require_reader(request.user)
    run = get_object_or_404(RuleRun.objects.select_related("started_by"), pk=pk)
    rule = request.GET.get("rule", "")
    county = _int(request.GET.get("county"))
    failures = [
        row
        for row in run.results.get("failures", [])
        if (not rule or row[5] == rule) and (county is None or row[1] == county)
    ]
    page = Paginator(failures, PER_PAGE).get_page(request.GET.get("page"))
    names, rules = runs.county_names(run), runs.rules_as_run(run)
    ctx = {
        "run": run,
        "by_rule": runs.failures_by_rule(run),
        "counties": sorted(names.items(), key=lambda kv: kv[1]),
        "page": page,
        "failures": [runs.failure_row(row, names, rules) for row in page.object_list],
        "rule": rule,
        "county": county,
        "outliers": [runs.outlier_row(row, names) for row in run.results.get("outliers", [])[:PER_PAGE]],
        "outlier_total": len(run.results.get("outliers", [])),
        "scope": list(run.counties.all()),
        "query": _query(request),
    }
    return render(request, "quality/run_detail.html", ctx)


@login_required
def outliers(request):
    """One quarter's figures that fall outside their bounds or far from the other counties."""
    quarters = selectors.quarters_with_reports(request.user)
    default = quarters[0] if quarters else (None, None)
    year = _int(request.GET.get("year"), default[0])
    quarter = _int(request.GET.get("quarter"), default[1])
    figure = request.GET.get("figure", "")
    if figure and figure not in Figure.values:
        raise Http404
    if year is not None and not (2000 <= year <= 2100 and 1 <= (quarter or 0) <= 4):
        raise Http404
    show_all = request.GET.get("all") == "1"
    rows = selectors.outlier_rows(request.user, year, quarter, figure=figure, show_all=show_all) if year else []
    ctx = {
        "rows": rows,
        "year": year,
        "quarter": quarter,
        "figure": figure,
        "show_all": show_all,
        "years": sorted({y for y, _ in quarters}, reverse=True),
        "figures": Figure.choices,
        "settings": OutlierSettings.current(),
        "can_mark": roles.is_city_admin(request.user),
    }
    return render(request, "quality/outliers.html", ctx)


@login_required
def bounds(request):
    """Every county's normal ranges; city admins regenerate them from history."""
    _require_reader(request.user)
    can_change = roles.is_city_admin(request.user)
    settings = OutlierSettings.current()
    form = BoundsGenerateForm(request.POST or None, instance=settings)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            n = services.bounds_generate(
                user=request.user, k=form.cleaned_data["k"], min_history=form.cleaned_data["min_history"]
            )
            messages.success(
                request, _("已根据已审核的历史数据生成%(n)d个正常范围（手工修改过的保留不变）。") % {"n": n}
            )
            return redirect("quality:bounds")
    rows = MinMaxBound.objects.select_related("county").order_by("county__order", "county__code", "figure")
    page = Paginator(rows, 60).get_page(request.GET.get("page"))
    ctx = {"form": form, "page": page, "can_change": can_change, "settings": settings}
    return render(request, "quality/bounds.html", ctx)


@login_required
def bound_edit(request, pk):
    if not roles.is_city_admin(request.user):
        raise PermissionDenied
    bound = get_object_or_404(MinMaxBound.objects.select_related("county"), pk=pk)
    form = BoundForm(request.POST or None, instance=bound)
    if request.method == "POST" and form.is_valid():
        try:
            services.bound_save(
                bound=bound,
                minimum=form.cleaned_data["minimum"],
                maximum=form.cleaned_data["maximum"],
                user=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(
                request, _("已保存：%(bound)s（手工设定，重新生成时保留）。") % {"bound": _bound_name(bound)}
            )
            return redirect("quality:bounds")
    return render(request, "quality/bound_form.html", {"form": form, "bound": bound, "name": _bound_name(bound)})


def _bound_name(bound: MinMaxBound) -> str:
    """ "梁园区 从业人员（人）", or "Liangyuan District Employees (people)" on an English page."""
    return f"{localised(bound.county)} {_(bound.get_figure_display())}"


@login_required
def follow_ups(request):
    """Follow-ups on the reports the user may see: open ones until a city admin resolves them."""
    status = request.GET.get("status", FollowUpStatus.OPEN)
    if status not in (*FollowUpStatus.values, "all"):
        raise Http404
    county = None
    if request.GET.get("county"):
        county = get_object_or_404(County.objects.visible_to(request.user), code=request.GET["county"])
    qs = selectors.follow_up_list(request.user, status=status, county=county)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    replies = selectors.latest_replies(page.object_list)
    for follow_up in page.object_list:
        follow_up.latest_reply = replies.get(follow_up.pk)
    ctx = {
        "page": page,
        "status": status,
        "county": county,
        "counties": County.objects.visible_to(request.user),
        "statuses": FollowUpStatus.choices,
        "can_resolve": roles.is_city_admin(request.user),
        "query": _query(request),
    }
    return render(request, "quality/follow_ups.html", ctx)
