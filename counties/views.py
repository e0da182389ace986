"""The county workspace: the quarterly figures form, their workflow, the review queue and timeliness."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from counties import checks, review, roles, selectors, services, window
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
        "due_days": settings.REPORT_DUE_DAYS,
    }
    return render(request, "counties/workspace.html", ctx)


def _check_quarter(year: int, quarter: int) -> None:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404


@login_required
def report_form(request, code, year, quarter):
    """Enter or correct a quarter's figures; "submit" also sends them to the city for review.

    Saving stores the draft and shows what the checks (``counties.checks``) found, each with a box for
    the county's explanation; submitting needs an explanation of every high-importance finding, and
    otherwise keeps the draft and comes back here saying which are missing.
    """
    _check_quarter(year, quarter)
    county = county_for(request.user, code, write=True)
    problem = window.refusal(year, quarter, timezone.localdate())
    if problem:
        messages.error(request, problem)
        return redirect("workspace", code=county.code)
    report = selectors.report_of(county, year, quarter)
    if report and not report.is_editable:
        messages.info(request, _("该季度数据%(status)s，不能修改。") % {"status": _(report.get_status_display())})
        return redirect("report_detail", pk=report.pk)
    instance = report or QuarterlyReport(county=county, year=year, quarter=quarter)
    kwargs = {"year": year, "quarter": quarter, "previous": selectors.previous_report(county, year, quarter)}
    if request.method != "POST":
        initial = {"version": report and report.version}
        if report is None:
            initial.update(checks.initial(county_id=county.pk, year=year, quarter=quarter))
        form = QuarterlyReportForm(instance=instance, initial=initial, **kwargs)
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
            explanations=_explanations(request.POST),
        )
    except services.WorkflowError as e:
        form.add_error(None, str(e))
        return _render_form(request, county, form, report)
    except ValidationError as e:
        form.add_error(None, e.messages)
        return _render_form(request, county, form, report)
    if "submit" in request.POST:
        return _submit_saved(request, saved)
    if checks.findings_for_report(saved):
        messages.warning(request, _("草稿已保存。数据校验有提示，请查看下方并填写说明。"))
        return redirect("report_form", code=county.code, year=year, quarter=quarter)
    messages.success(request, _("草稿已保存。"))
    return redirect("report_detail", pk=saved.pk)


MAX_EXPLANATIONS = 50


def _explanations(post) -> dict[str, str]:
    """The explanation boxes of the form (``explain-<finding code>``), at most a sane number of them."""
    found = {key.removeprefix("explain-"): value for key, value in post.items() if key.startswith("explain-")}
    return dict(list(found.items())[:MAX_EXPLANATIONS])


def _submit_saved(request, saved: QuarterlyReport):
    """Submit a draft just saved from the form; a refusal keeps the draft and says why."""
    submit = services.report_resubmit if saved.status == ReportStatus.RETURNED else services.report_submit
    try:
        saved = submit(report_id=saved.pk, user=request.user, version=saved.version)
    except services.UnexplainedFindings as e:
        messages.error(request, _("草稿已保存，但未提交。") + str(e))
        return redirect("report_form", code=saved.county.code, year=saved.year, quarter=saved.quarter)
    except services.WorkflowError as e:
        messages.error(request, str(e))
        return redirect("report_detail", pk=saved.pk)
    messages.success(request, _("已提交，等待市商务局审核。"))
    return redirect("report_detail", pk=saved.pk)


def _render_form(request, county, form, report):
    findings = checks.findings_for_report(report) if report else []
    for name, css in checks.field_flags(findings).items():
        if name in form.fields:
            form.fields[name].widget.attrs["class"] = css
    ctx = {
        "county": county,
        "form": form,
        "report": report,
        "due": due_date(form.year, form.quarter),
        "finding_rows": [(f, request.POST.get(f"explain-{f.code}", f.explanation)) for f in findings],
        "panels": checks.form_panels(request, county=county, year=form.year, quarter=form.quarter),
    }
    return render(request, "counties/report_form.html", ctx)


@login_required
def report_detail(request, pk):
    """The figures, where they stand in the workflow, the actions the user may take, and their history."""
    report = report_for(request.user, pk)
    user = request.user
    findings = checks.findings_for_report(report)
    context = review.review_contexts([report])[report.pk]
    ctx = {
        "report": report,
        "county": report.county,
        "can_edit": roles.can_edit_county(user, report.county_id) and report.is_editable,
        "can_review": roles.is_city_admin(user) and report.status == ReportStatus.SUBMITTED,
        "self_entered": roles.is_city_admin(user) and services.report_entered_by(report, user),
        "can_reopen": roles.is_city_admin(user) and report.status == ReportStatus.APPROVED,
        "history": history_entries(report),
        "previous": context.previous,
        "due": context.due,
        "review": context,
        "past_reviews": review.past_reviews(report),
        "flags": checks.field_flags(findings),
        "panels": checks.report_panels(request, report, findings),
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
    except ValidationError as e:  # figures stored before a rule existed (e.g. an overlong remark)
        messages.error(request, " ".join(e.messages))
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
@require_http_methods(["GET", "POST"])
def report_approve(request, pk):
    """GET: the confirmation step (figures, lateness, previous quarter, changes since a return); POST: approve."""
    report = report_for(request.user, pk)
    require_city_admin(request.user)
    if request.method == "POST":
        return _act(request, pk, services.report_approve, _("已审核通过，数据已锁定。"))
    if report.status != ReportStatus.SUBMITTED:
        messages.info(request, _("该季度数据%(status)s，不需要审核。") % {"status": _(report.get_status_display())})
        return redirect("report_detail", pk=report.pk)
    if services.report_entered_by(report, request.user):
        messages.error(request, _("您填报或修改过这份季度数据，不能由您本人审核通过，请另一位市商务局管理员审核。"))
        return redirect("report_detail", pk=report.pk)
    ctx = {
        "report": report,
        "county": report.county,
        "review": review.review_contexts([report])[report.pk],
        "next": "review" if request.GET.get("next") == "review" else "",
    }
    return render(request, "counties/report_approve_confirm.html", ctx)


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
    """Submitted figures waiting for review, each with what the checks found beside it."""
    require_city_admin(request.user)
    reports = list(selectors.review_queue(request.user))
    contexts = review.review_contexts(reports)
    findings = checks.findings_by_report(reports)
    for report in reports:
        report.review = contexts[report.pk]
        report.findings = findings[report.pk]
        report.flags = checks.field_flags(report.findings)
    return render(request, "counties/review_queue.html", {"reports": reports})


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
    accuracy = checks.accuracy(county_ids=[row.county.pk for row in rows], year=year)
    for row in rows:
        for cell in row.cells:
            cell.accuracy = accuracy.get((row.county.pk, cell.quarter))
    ctx = {
        "rows": rows,
        "year": year,
        "years": sorted(set(years) | {this_year, year}, reverse=True),
        "due_days": settings.REPORT_DUE_DAYS,
    }
    return render(request, "counties/timeliness.html", ctx)
