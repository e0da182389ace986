"""Batch validation as a background job (the job runner's contract: ``jobs.runner``).

The handler only wraps ``quality.runs.run_execute``, which overwrites the run's results each time it
runs, so a job re-run after a worker died gives the same outcome (the runner runs jobs at least once).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.runner import job_task
from quality import runs


@job_task(label=gettext_lazy("批量数据校验"), retries=1)
def run_rules(job, *, run_id: int) -> dict:
    def progress(done: int, total: int) -> None:
        job.progress(done=done, total=total, message=_("已检查 %(n)d 条季度数据") % {"n": done})

    run = runs.run_execute(run_id=run_id, progress=progress)
    return {
        "url": reverse("quality:run_detail", args=[run.pk]),
        "message": _("批量校验已完成：%(n)d 条季度数据，未通过 %(failed)d 次，异常值 %(outliers)d 个。")
        % {"n": run.reports_checked, "failed": run.failed, "outliers": run.outliers},
    }
