"""The job pages: one job's progress (polled by static/js/jobs.js), its status as JSON, and my jobs.

A job is visible to its owner and to those who see every job (city admins); to anyone else it does not
exist (404), like another county's records.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobs.access import sees_all_jobs
from jobs.models import Job
from jobs.selectors import job_state, live_progress

PAGE_SIZE = 30


def _job_for(request, pk) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user).select_related("owner"), pk=pk)


@login_required
@require_GET
@never_cache
def job_detail(request, pk):
    job = _job_for(request, pk)
    state = job_state(job, host=request.get_host())
    return render(request, "jobs/detail.html", {"job": job, "state": state})


@login_required
@require_GET
@never_cache
def job_status(request, pk):
    job = _job_for(request, pk)
    return JsonResponse(job_state(job, host=request.get_host()))


@login_required
@require_GET
def job_list(request):
    everyone = sees_all_jobs(request.user) and request.GET.get("all") == "1"
    jobs = Job.objects.select_related("owner") if everyone else Job.objects.filter(owner=request.user)
    page = Paginator(jobs.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.live = live_progress(job)  # from the queue's store, not the database
    return render(
        request,
        "jobs/list.html",
        {"page": page, "everyone": everyone, "may_see_all": sees_all_jobs(request.user)},
    )
