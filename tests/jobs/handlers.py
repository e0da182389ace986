"""Job handlers used by the runner's tests (real handlers live in each app's tasks.py)."""

import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Job
from jobs.runner import JobError, job_task

# attempts seen per job id, for handlers that fail a given number of times
FAILURES: dict[str, int] = {}


@job_task(label=gettext_lazy("表格导入导出"))
def count_rows(job, *, rows: int, url: str = "/") -> dict:
    """Counts to ``rows``, reporting progress on each."""
    for n in range(1, rows + 1):
        job.progress(done=n, total=rows, message=_("已检查 %(n)s 行") % {"n": n})
    return {"url": url, "message": f"{rows} rows"}


@job_task(label="flaky", retries=2, retry_delay=0)
def flaky(job, *, fail_times: int) -> dict:
    """Raises an unexpected error on its first ``fail_times`` attempts."""
    seen = FAILURES.get(str(job.id), 0)
    FAILURES[str(job.id)] = seen + 1
    if seen < fail_times:
        raise ConnectionError("database went away")
    return {"attempt": job.attempt}


@job_task(label="bad file", retries=3, retry_delay=0)
def bad_file(job) -> None:
    raise JobError("第 3 行“统一社会信用代码”校验位错误。")


@job_task(label="invalid")
def invalid(job) -> None:
    raise ValidationError(["名称不能为空。", "日期格式应为 2016-05-01。"])


@job_task(label="returns a list")
def returns_list(job) -> list:
    return [1, 2]


@job_task(label="language")
def language(job) -> dict:
    return {"message": str(Job.Status.RUNNING.label)}


@job_task(label="sleeper")
def sleeper(job, *, steps: int, seconds: float) -> dict:
    """Sleeps in steps, reporting each; idempotent (writes nothing), as handlers must be."""
    for n in range(steps):
        job.progress(done=n, total=steps, message=f"step {n}")
        time.sleep(seconds)
    return {"url": "/", "message": f"slept {steps} steps", "attempt": job.attempt}
