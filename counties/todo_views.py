"""The landing page of county staff and city admins ("/" sends them here): what to do next."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from counties import roles, todo
from counties.timeliness import days_late


@login_required
def todo_page(request):
    """County staff: their county's to-do. City admins: the review worklist. Others: the overview."""
    user = request.user
    if roles.is_city_admin(user):
        worklist = todo.admin_worklist(user)
        for report in worklist.waiting:
            report.days_late = days_late(report)
        return render(request, "counties/todo_admin.html", {"work": worklist})
    if roles.is_county_staff(user):
        county = user.membership.county
        ctx = {"todo": todo.county_todo(county), "county": county, "due_days": settings.REPORT_DUE_DAYS}
        return render(request, "counties/todo_county.html", ctx)
    return redirect("overview")
