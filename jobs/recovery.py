"""Putting back on the queue the jobs a dead worker left behind.

A Huey worker takes a message off the queue before running it, so a worker killed mid-run (a restart,
a deploy, the OOM killer) would lose the job. The Job row remembers it: a running job whose lease
(renewed every quarter lease by its worker) has lapsed is queued again, and a queued job whose message
is on neither the queue nor the schedule (the queue's server was unreachable when it was started) is
enqueued again. Runs when a worker starts and every minute (jobs/tasks.py).
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import queue
from jobs.models import Job

logger = logging.getLogger(__name__)

# An interrupted job is run again even if it has no retries for errors; this many interruptions more
# than its attempts, and it is given up (a job that kills its worker every time must stop somewhere).
EXTRA_RUNS_AFTER_INTERRUPTION = 2


def requeue_interrupted() -> list[str]:
    """Queue again every running job whose lease lapsed; returns their ids."""
    running = Job.objects.filter(status=Job.Status.RUNNING).values_list("pk", "run_token")
    return [str(job_id) for job_id, token in running if _lease_lapsed(job_id) and _requeue_one(job_id, token)]


def _lease_lapsed(job_id) -> bool:
    renewed = queue.lease_renewed_at(job_id)
    return renewed is None or time.time() - renewed > settings.JOBS_LEASE_SECONDS


def _requeue_one(job_id, token) -> bool:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=Job.Status.RUNNING, run_token=token).first()
        if job is None:
            return False  # it finished, or another sweep already took it
        if job.attempts >= job.max_attempts + EXTRA_RUNS_AFTER_INTERRUPTION:
            job.status = Job.Status.FAILED
            job.error = _("执行任务的进程多次中断（共 %(n)s 次），任务已停止。请联系市商务局管理员。") % {
                "n": job.attempts
            }
            job.finished_at = timezone.now()
            job.run_token = None
            job.save(update_fields=["status", "error", "finished_at", "run_token"])
            logger.error("job %s given up after %s interrupted runs", job_id, job.attempts)
            return False
        job.status = Job.Status.QUEUED
        job.run_token = None
        job.message = _("执行任务的进程中断，任务已重新排队，将从头执行。")
        job.save(update_fields=["status", "run_token", "message"])
    queue.enqueue(job_id)  # after the commit: the worker must find the job queued
    logger.warning("job %s: its worker stopped mid-run; queued again", job_id)
    return True


def enqueue_lost(*, older_than_seconds: int | None = None) -> list[str]:
    """Enqueue queued jobs (older than a grace period) whose message is nowhere in the queue."""
    grace = settings.JOBS_LEASE_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - datetime.timedelta(seconds=grace)
    queued = Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=cutoff)
    candidates = [str(pk) for pk in queued.values_list("pk", flat=True)]
    if not candidates:
        return []
    waiting = queue.waiting_ids()
    lost = [pk for pk in candidates if pk not in waiting]
    for pk in lost:
        logger.warning("job %s was queued but not on the queue; enqueued again", pk)
        queue.enqueue(pk)
    return lost


def sweep() -> None:
    """Both repairs; safe to run from several workers at once (each job is re-checked under a lock)."""
    requeue_interrupted()
    enqueue_lost()
