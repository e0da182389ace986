"""The jobs app's use of Huey: one generic task that runs a job by id, and the job's live state
(progress and lease) kept in Huey's key-value store rather than in the database.

Why not the database for live state: a handler typically writes everything in one transaction (an
import is all or nothing), so a progress row updated inside it would stay invisible until the end, and
on SQLite a second connection could not write beside it at all. Huey's store (Redis, or its own SQLite
file) is outside that transaction and shared by the web processes and the workers.
"""

import logging
import time

from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)


def _progress_key(job_id) -> str:
    return f"jobs.progress.{job_id}"


def _lease_key(job_id) -> str:
    return f"jobs.lease.{job_id}"


def put_progress(job_id, state: dict) -> None:
    HUEY.put(_progress_key(job_id), state)


def read_progress(job_id) -> dict | None:
    return HUEY.get(_progress_key(job_id), peek=True)


def renew_lease(job_id) -> None:
    HUEY.put(_lease_key(job_id), time.time())


def lease_renewed_at(job_id) -> float | None:
    return HUEY.get(_lease_key(job_id), peek=True)


def forget(job_id) -> None:
    """Drop a finished job's live state (the row keeps the final figures)."""
    HUEY.delete(_progress_key(job_id))
    HUEY.delete(_lease_key(job_id))


@HUEY.task(name="jobs.run_job")
def run_job(job_id: str) -> None:
    from jobs.execution import execute

    execute(job_id)


def enqueue(job_id, *, delay: float = 0) -> bool:
    """Put a job on the queue (the message carries its id only, under the job's own id).

    Immediate mode (tests) runs it now, delays included. A failure to reach the queue is logged and
    left to the recovery sweep, which enqueues jobs that are queued but not on the queue."""
    job_id = str(job_id)
    try:
        if delay and not HUEY.immediate:
            run_job.schedule(args=(job_id,), delay=delay, id=job_id)
        else:
            HUEY.enqueue(run_job.s(job_id, id=job_id))
    except Exception:  # the queue's server is unreachable: the row stays queued for the sweep
        if HUEY.immediate:
            raise
        logger.exception("could not enqueue job %s; the recovery sweep will retry", job_id)
        return False
    return True


def waiting_ids() -> set[str]:
    """Ids of the jobs whose message is on the queue or scheduled for a retry."""
    return {task.id for task in HUEY.pending()} | {task.id for task in HUEY.scheduled()}
