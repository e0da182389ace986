"""Background jobs of the leadership pages: rendering a quarterly bulletin for whoever asked for it, and
sending the official one to the leaders when a quarter's figures are complete."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from huey import crontab

from dashboards.bulletin.services import BulletinError, bulletin_generate
from jobs.runner import JobError, job_task, periodic_job


@job_task(label=gettext_lazy("生成季度通报"), retries=1)
def render_bulletin(job, *, year: int, quarter: int, pending: bool, fmt: str) -> dict:
    """Render one format of a quarter's bulletin (idempotent: a repeated run reuses what is stored)."""

    def progress(done, total, message):
        job.progress(done=done, total=total, message=message)

    try:
        bulletin = bulletin_generate(
            year=year, quarter=quarter, include_pending=pending, formats=(fmt,), by=job.owner, progress=progress
        )
    except BulletinError as error:
        raise JobError(str(error)) from error
    return {
        "url": reverse("bulletin_download", args=[bulletin.pk, fmt]),
        "message": _("季度通报已生成，点击下载。"),
    }


@job_task(label=gettext_lazy("发送季度通报"), retries=2)
def send_bulletin(job, *, year: int, quarter: int) -> dict:
    """Make a complete quarter's official bulletin and notify the leaders (at most once per quarter)."""
    from dashboards.bulletin.sending import bulletin_send

    bulletin = bulletin_send(year=year, quarter=quarter)
    if bulletin is None:
        return {"message": _("该季度的通报已发送过，或数据尚未全部审核，无需发送。")}
    return {
        "url": f"{reverse('bulletins')}?year={year}&quarter={quarter}",
        "message": _("季度通报已生成并通知领导小组。"),
    }


@periodic_job(crontab(minute="30", hour="7"), label=gettext_lazy("检查并发送季度通报"))
def send_due_bulletins(job) -> dict:
    """Every morning: send the bulletin of any recently completed quarter that was missed."""
    from dashboards.bulletin.sending import send_due

    sent = send_due()
    return {"message": _("发送了%(n)s份季度通报。") % {"n": len(sent)}}
