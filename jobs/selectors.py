"""Reading a job's state for its page: the row, overlaid with the live progress while it runs."""

from django.utils.http import url_has_allowed_host_and_scheme

from jobs import queue
from jobs.models import Job


def live_progress(job: Job) -> dict:
    """done, total and message: the worker's latest report while the job is on its way, else the row's."""
    state = {"done": job.done, "total": job.total, "message": job.message}
    if not job.is_finished:
        state |= queue.read_progress(job.pk) or {}
    return state


def job_state(job: Job, *, host: str) -> dict:
    """Everything the progress page shows, as JSON values (also the status endpoint's body)."""
    state = live_progress(job)
    done, total = state["done"] or 0, state["total"]
    if job.status == Job.Status.SUCCEEDED:
        percent = 100
    elif total:
        percent = min(100, int(done * 100 / total))
    else:
        percent = None  # unknown: the page shows an indeterminate bar
    result = job.result or {}
    url = result.get("url") if isinstance(result.get("url"), str) else ""
    if url and not url_has_allowed_host_and_scheme(url, allowed_hosts={host}):
        url = ""
    return {
        "id": str(job.pk),
        "label": job.display_label,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.is_finished,
        "done": done,
        "total": total,
        "percent": percent,
        "message": state["message"] or "",
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "error": job.error if job.status == Job.Status.FAILED else "",
        "result_url": url if job.status == Job.Status.SUCCEEDED else "",
        "result_message": str(result.get("message") or "") if job.status == Job.Status.SUCCEEDED else "",
    }
