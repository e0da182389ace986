"""The county workspace: the quarterly figures form, their workflow, the review queue and timeliness."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties import roles, selectors, services
from counties.access import county_for, report_for, require_city_admin
from counties.forms import QuarterlyReportForm
from counties.history import history_entries
from counties.models import County, QuarterlyReport, ReportStatus
from counties.timeliness import completeness, due_date


@login_required
def my_county(request):
    """County staff go straight to their county; the city and leaders pick one."""
    if roles.is_county_staff(request.user):
        return redirect("workspace", code=request.user.membership.county.code)
    counties = County.objects.visible_to(request.user)
    return render(request, "counties/pick.html", {"counties": counties})


@login_required
def workspace(request, code):
    county = county_for(request.user, code)
    ctx = {
        "county": county,
        "grid": selectors.report_grid(county),
        "can_edit": roles.can_edit_county(request.user, county.pk),
    }
    return render(request, "counties/workspace.html", ctx)


def _check_quarter(year: int, quarter: int) -> None:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404


@login_required
def report_form(request, code, year, quarter):
    """Enter or correct a quarter's figures; "submit" also sends them to the city for review."""
    _check_quarter(year, quarter)
    county = county_for(request.user, code, write=True)
    report = selectors.report_of(county, year, quarter)
    if report and not report.is_editable:
        messages.info(request, _("该季度数据%(status)s，不能修改。") % {"status": _(report.get_status_display())})
        return redirect("report_detail", pk=report.pk)
    instance = report or QuarterlyReport(county=county, year=year, quarter=quarter)
    kwargs = {"year": year, "quarter": quarter, "previous": selectors.previous_report(county, year, quarter)}
    if request.method != "POST":
        form = QuarterlyReportForm(instance=instance, initial={"version": report and report.version}, **kwargs)
        return _render_form(request, county, form, report)
    form = QuarterlyReportForm(request.POST, instance=instance, **kwargs)
    if not form.is_valid():
        return _render_form(request, county, form, report)
    try:
        saved = services.report_save_draft(
            county=county,
            year=year,
            quarter=quarter,
            user=request.user,
            version=form.cleaned_data["version"],
            figures=form.figures(),
        )
        if "submit" in request.POST:
            submit = services.report_resubmit if saved.status == ReportStatus.RETURNED else services.report_submit
            saved = submit(report_id=saved.pk, user=request.user, version=saved.version)
    except services.WorkflowError as e:
        form.add_error(None, str(e))
        return _render_form(request, county, form, report)
    except ValidationError as e:
        form.add_error(None, e.messages)
        return _render_form(request, county, form, report)
    messages.success(request, _("已提交，等待市商务局审核。") if "submit" in request.POST else _("草稿已保存。"))
    return redirect("report_detail", pk=saved.pk)


def _render_form(request, county, form, report):
    ctx = {"county": county, "form": form, "report": report, "due": due_date(form.year, form.quarter)}
    return render(request, "counties/report_form.html", ctx)


@login_required
def report_detail(request, pk):
    """The figures, where they stand in the workflow, the actions the user may take, and their history."""
    report = report_for(request.user, pk)
    user = request.user
    ctx = {
        "report": report,
        "county": report.county,
        "can_edit": roles.can_edit_county(user, report.county_id) and report.is_editable,
        "can_review": roles.is_city_admin(user) and report.status == ReportStatus.SUBMITTED,
        "can_reopen": roles.is_city_admin(user) and report.status == ReportStatus.APPROVED,
        "history": history_entries(report),
        "previous": selectors.previous_report(report.county, report.year, report.quarter),
        "due": due_date(report.year, report.quarter),
    }
    return render(request, "counties/report_detail.html", ctx)


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise services.StaleVersion from None


def _act(request, pk, action, success: str, **kwargs):
    """Run one workflow transition from a POST and report the outcome as a message."""
    try:
        action(report_id=pk, user=request.user, version=_version(request), **kwargs)
    except services.WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    if request.POST.get("next") == "review":
        return redirect("review_queue")
    return redirect("report_detail", pk=pk)


@login_required
@require_POST
def report_submit(request, pk):
    report = report_for(request.user, pk, write=True)
    if report.status == ReportStatus.RETURNED:
        return _act(request, pk, services.report_resubmit, _("已重新提交，等待市商务局审核。"))
    return _act(request, pk, services.report_submit, _("已提交，等待市商务局审核。"))


@login_required
@require_POST
def report_approve(request, pk):
    report_for(request.user, pk)
    require_city_admin(request.user)
    return _act(request, pk, services.report_approve, _("已审核通过，数据已锁定。"))


@login_required
@require_POST
def report_return(request, pk):
    report_for(request.user, pk)
    require_city_admin(request.user)
    comment = request.POST.get("comment", "")
    return _act(request, pk, services.report_return, _("已退回县区修改。"), comment=comment)


@login_required
@require_POST
def report_reopen(request, pk):
    report_for(request.user, pk)
    require_city_admin(request.user)
    reason = request.POST.get("reason", "")
    return _act(request, pk, services.report_reopen, _("已重新打开，退回县区修改。"), reason=reason)


@login_required
def review_queue(request):
    require_city_admin(request.user)
    return render(request, "counties/review_queue.html", {"reports": selectors.review_queue(request.user)})


@login_required
def timeliness(request):
    """按时填报 per quarter and county; the counties late now first."""
    years = selectors.years_with_reports(request.user)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or (years[0] if years else this_year))
    except ValueError:
        raise Http404 from None
    _check_quarter(year, 1)
    rows = completeness(County.objects.visible_to(request.user), year)
    ctx = {
        "rows": rows,
        "year": year,
        "years": sorted(set(years) | {this_year, year}, reverse=True),
        "due_days": settings.REPORT_DUE_DAYS,
    }
    return render(request, "counties/timeliness.html", ctx)
