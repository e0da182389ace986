"""The API other apps use to run work in the background (the contract in README, "Jobs").

    # in <your app>/tasks.py
    from jobs.runner import job_task, periodic_job

    @job_task(label=_("导入季度数据"), retries=2)
    def import_file(job, *, upload_id: int) -> dict:
        job.progress(done=n, total=m, message=_("已检查 %(n)s 行") % {"n": n})
        return {"url": reverse("..."), "message": _("...")}

    job = import_file.start(owner=request.user, upload_id=42)   # a Job row, enqueued after commit
    return redirect(job)                                        # /jobs/<uuid>/, the progress page

Handlers run at least once: a worker killed mid-run means the job is run again from the start, so a
handler must be idempotent (write in one transaction, or check what an earlier run already did).
Parameters must be JSON values (ids, not objects); they are stored on the Job row.
"""

import datetime
import json
from dataclasses import dataclass, field
from importlib import import_module

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY

from jobs import queue
from jobs.execution import JobError, RunningJob, execute
from jobs.models import Job

__all__ = ["JobError", "RunningJob", "job_task", "periodic_job", "registered"]

_REGISTRY: dict[str, "JobTask"] = {}
SLOT_SEARCH_MINUTES = 32 * 24 * 60  # a monthly schedule fired late is still found


@dataclass
class JobTask:
    """A registered handler; ``start()`` makes a Job of it."""

    func: object
    label: object
    retries: int = 0
    retry_delay: int | None = None
    kind: str = field(init=False)

    def __post_init__(self):
        self.kind = f"{self.func.__module__}.{self.func.__name__}"
        if self.retry_delay is None:
            from django.conf import settings

            self.retry_delay = settings.JOBS_RETRY_DELAY

    def __call__(self, job, **params):
        """Calling the task runs the handler directly (for tests of the handler itself)."""
        return self.func(job, **params)

    def start(self, *, owner=None, dedupe_key: str | None = None, **params) -> Job:
        """Create the job and queue it once the surrounding transaction commits (at once in tests)."""
        job = self._create(owner=owner, dedupe_key=dedupe_key, params=params)
        if HUEY.immediate:
            queue.enqueue(job.pk)
            job.refresh_from_db()
        else:
            transaction.on_commit(lambda: queue.enqueue(job.pk))
        return job

    def _create(self, *, owner, dedupe_key, params) -> Job:
        params = json.loads(json.dumps(params, cls=DjangoJSONEncoder))
        with translation.override("zh-hans"):
            label = str(self.label)  # the Chinese msgid, translated for each reader
        return Job.objects.create(
            kind=self.kind,
            label=label[:200],
            owner=owner if owner is not None and owner.is_authenticated else None,
            params=params,
            language=translation.get_language() or "",
            max_attempts=self.retries + 1,
            dedupe_key=dedupe_key,
        )


def _register(task: JobTask) -> JobTask:
    if task.kind in _REGISTRY and _REGISTRY[task.kind].func is not task.func:
        raise ValueError(f"two job handlers named {task.kind}")
    _REGISTRY[task.kind] = task
    return task


def registered(kind: str) -> JobTask | None:
    """The handler of ``kind``, importing its module if this process has not yet (a worker imports
    only the apps' tasks.py by itself)."""
    if kind not in _REGISTRY:
        module = kind.rpartition(".")[0]
        try:
            import_module(module)
        except ImportError:
            return None
    return _REGISTRY.get(kind)


def job_task(*, label, retries: int = 0, retry_delay: int | None = None):
    """Register ``func(job, **params)`` as a background job; ``retries`` runs after an unexpected error.

    A ``JobError`` or ``ValidationError`` from the handler fails the job at once with its message (a bad
    file does not get better by trying again); any other exception is retried, and when no attempt is
    left the user is told in plain words while the traceback goes to the log and the admin."""

    def decorator(func):
        return _register(JobTask(func, label, retries, retry_delay))

    return decorator


def periodic_job(schedule, *, label=None, retries: int = 0):
    """Run ``func(job)`` on a Huey ``crontab`` schedule (local time, Asia/Shanghai), as an ownerless Job.

    Several workers (on several nodes) may each fire the schedule; the job's ``dedupe_key`` (the kind
    and the scheduled minute) lets only the first of them create and run it."""

    def decorator(func):
        task = _register(JobTask(func, label or func.__name__, retries))

        @HUEY.periodic_task(schedule, name=f"jobs.periodic.{task.kind}")
        def fire():
            slot = scheduled_slot(schedule, timezone.localtime())
            try:
                with transaction.atomic():
                    job = task._create(owner=None, dedupe_key=f"{task.kind}@{slot:%Y-%m-%dT%H:%M}", params={})
            except IntegrityError:
                return  # another worker already runs this slot
            execute(job.pk)

        task.periodic = fire
        return task

    return decorator


def scheduled_slot(schedule, now: datetime.datetime) -> datetime.datetime:
    """The latest minute at or before ``now`` that ``schedule`` matches (the run being fired)."""
    minute = now.replace(second=0, microsecond=0, tzinfo=None)
    for back in range(SLOT_SEARCH_MINUTES):
        candidate = minute - datetime.timedelta(minutes=back)
        if schedule(candidate):
            return candidate
    return minute
