"""Running one job in a worker: claim it, keep its lease, run its handler, record how it ended.

At-least-once: a job whose worker dies mid-run is run again from the start (jobs.recovery), so every
handler must be idempotent. A claim and each outcome are written under the claim's ``run_token``, so a
run that was given up for dead and later wakes cannot overwrite the outcome of the run that replaced it.
"""

import json
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY

from jobs import queue
from jobs.models import Job

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure to tell the user in plain words (a bad file, a missing record): not retried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


class RunningJob:
    """What a handler receives as ``job``: its id, owner, attempt number and ``progress()``."""

    PROGRESS_EVERY = 0.3  # seconds between writes of the live progress

    def __init__(self, record: Job):
        self.record = record
        self.id = record.pk
        self.attempt = record.attempts
        self.state = {"done": record.done, "total": record.total, "message": record.message}
        self._written_at = 0.0

    @property
    def owner(self):
        return self.record.owner

    def progress(self, *, done: int | None = None, total: int | None = None, message=None) -> None:
        """Report progress (shown on the job's page). Cheap to call often: writes are throttled."""
        if done is not None:
            self.state["done"] = max(0, int(done))
        if total is not None:
            self.state["total"] = max(0, int(total))
        if message is not None:
            self.state["message"] = str(message)[:500]
        now = time.monotonic()
        if now - self._written_at >= self.PROGRESS_EVERY or self.state["done"] == self.state["total"]:
            self._written_at = now
            queue.put_progress(self.id, dict(self.state))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


def execute(job_id) -> None:
    """Run job ``job_id`` if it is still waiting; called by the queue's task in a worker."""
    # Like djhuey's db_task: drop a connection that timed out while the worker waited. Never inside a
    # transaction (a test, or a caller running a job inline), where it would close the caller's.
    tidy = not HUEY.immediate and not connection.in_atomic_block
    if tidy:
        close_old_connections()
    try:
        record = _claim(job_id)
        if record is not None:
            _run(record)
    finally:
        if tidy:
            close_old_connections()


def _claim(job_id) -> Job | None:
    """Mark a queued job running under a fresh token; None if it finished or another worker has it."""
    with transaction.atomic():
        record = Job.objects.select_for_update().filter(pk=job_id).first()
        if record is None or record.status != Job.Status.QUEUED:
            return None
        record.status = Job.Status.RUNNING
        record.attempts += 1
        record.run_token = uuid.uuid4()
        record.worker = worker_name()
        record.started_at = record.started_at or timezone.now()
        record.message = ""  # a note from an earlier attempt ("retrying in 30 s") no longer holds
        record.save(update_fields=["status", "attempts", "run_token", "worker", "started_at", "message"])
    queue.renew_lease(record.pk)
    queue.put_progress(record.pk, {"done": record.done, "total": record.total, "message": ""})
    return record


def _run(record: Job) -> None:
    from jobs.runner import registered

    handle = RunningJob(record)
    job_task = registered(record.kind)
    retry_in = None
    with translation.override(record.language or settings.LANGUAGE_CODE), _heartbeat(record.pk):
        if job_task is None:
            _fail(handle, _("系统中已没有这种任务（%(kind)s），无法执行。") % {"kind": record.kind}, "")
            return
        try:
            result = _clean_result(job_task.func(handle, **record.params))
        except JobError as exc:
            _fail(handle, exc.message, "")
        except ValidationError as exc:
            _fail(handle, "；".join(str(m) for m in exc.messages), "")
        except Exception as exc:
            logger.exception("job %s (%s) failed on attempt %s", record.pk, record.kind, record.attempts)
            retry_in = _failed_attempt(handle, exc, job_task.retry_delay)
        else:
            _succeed(handle, result)
    if retry_in is not None:
        queue.enqueue(record.pk, delay=retry_in)


def _clean_result(result) -> dict | None:
    """A result must be a JSON object (or nothing); lazy translations become text here."""
    if result is None:
        return None
    if not isinstance(result, dict):
        raise TypeError(f"a job handler must return a dict or None, not {type(result).__name__}")
    return json.loads(json.dumps(result, cls=DjangoJSONEncoder))


def _outcome(handle: RunningJob, **fields) -> bool:
    """Write an outcome if this run still holds the job (its token); False if it was given up on."""
    written = Job.objects.filter(pk=handle.id, run_token=handle.record.run_token, status=Job.Status.RUNNING).update(
        done=handle.state["done"], total=handle.state["total"], message=handle.state["message"], **fields
    )
    if not written:
        logger.warning("job %s: outcome of a run that was replaced was discarded", handle.id)
    return bool(written)


def _succeed(handle: RunningJob, result) -> None:
    if handle.state["total"] is not None:
        handle.state["done"] = handle.state["total"]
    if _outcome(handle, status=Job.Status.SUCCEEDED, result=result, error="", finished_at=timezone.now()):
        queue.forget(handle.id)


def _fail(handle: RunningJob, message: str, detail: str) -> None:
    if _outcome(handle, status=Job.Status.FAILED, error=message, error_detail=detail, finished_at=timezone.now()):
        queue.forget(handle.id)


def _failed_attempt(handle: RunningJob, exc: Exception, retry_delay: int) -> int | None:
    """An unexpected error: queue the job again while attempts remain (returns the pause before the
    retry), else fail it in plain words; the traceback goes to the admin either way."""
    detail = "".join(traceback.format_exception(exc))[-20_000:]
    record = handle.record
    if record.attempts >= record.max_attempts:
        message = _("任务执行出错，已尝试 %(n)s 次仍未成功。请稍后重新发起；如仍不成功，请联系市商务局管理员。")
        _fail(handle, message % {"n": record.attempts}, detail)
        return None
    delay = retry_delay * record.attempts
    handle.state["message"] = _("第 %(n)s 次执行出错，%(s)s 秒后自动重试。") % {"n": record.attempts, "s": delay}
    if not _outcome(handle, status=Job.Status.QUEUED, run_token=None, error_detail=detail):
        return None
    queue.put_progress(handle.id, dict(handle.state))
    return delay


@contextmanager
def _heartbeat(job_id):
    """Renew the job's lease from a side thread while the handler runs (not needed in immediate mode)."""
    if HUEY.immediate:
        yield
        return
    stop = threading.Event()
    every = max(1.0, settings.JOBS_LEASE_SECONDS / 4)

    def beat():
        while not stop.wait(every):
            try:
                queue.renew_lease(job_id)
            except Exception:  # the store is briefly unreachable: try again on the next beat
                logger.warning("job %s: could not renew its lease", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"lease-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
