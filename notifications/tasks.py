"""The notices' background work on the project's job runner (jobs/): the daily reminders, and sending
emails outside the request that caused them (a slow or unreachable mail server never holds up a page)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey import crontab

from jobs.runner import job_task, periodic_job
from notifications.reminders import reminders_send
from notifications.services import emails_deliver


@periodic_job(crontab(minute="0", hour="8"), label=_("发送填报提醒"))
def send_daily_reminders(job) -> dict:
    """08:00 every day, like deploy/shangqiu-cbec-reminders.timer; either (or both) may run: a reminder
    is never sent twice (notifications.reminders)."""
    created = reminders_send(today=timezone.localdate())
    return {"message": str(_("新发送提醒%(n)s条。") % {"n": sum(created.values())})}


@job_task(label=_("发送通知邮件"), retries=3)
def deliver_emails(job, *, notification_ids: list[int]) -> dict:
    """Idempotent: a notice already sent is not pending any more and is skipped on a re-run."""
    counts = emails_deliver(notification_ids=notification_ids)
    return {"message": str(_("已发送%(sent)s封，失败%(failed)s封。") % counts)}
