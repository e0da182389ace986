"""A background job as the user sees it: what it is, whose it is, how far it got and how it ended.

The queue itself (Huey) only carries a job's id; everything needed to run the job again (its kind and
parameters) is on this row, so a job whose worker was killed can be put back on the queue from here.
"""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own jobs; every job for those the ``JOBS_SEES_ALL`` hook names (city admins)."""
        from jobs.access import sees_all_jobs

        if not user.is_authenticated:
            return self.none()
        return self if sees_all_jobs(user) else self.filter(owner=user)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "排队中")
        RUNNING = "running", pgettext_lazy("job status", "运行中")
        SUCCEEDED = "succeeded", pgettext_lazy("job status", "已完成")
        FAILED = "failed", pgettext_lazy("job status", "失败")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("任务类型"), max_length=200)
    label = models.CharField(_("任务名称"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    params = models.JSONField(_("参数"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    language = models.CharField(_("语言"), max_length=16, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("已运行次数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("最多运行次数"), default=1)
    done = models.PositiveIntegerField(_("已完成数"), default=0)
    total = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    message = models.CharField(_("进度说明"), max_length=500, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True, encoder=DjangoJSONEncoder)
    error = models.TextField(_("错误说明"), blank=True)
    error_detail = models.TextField(_("技术细节"), blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200, null=True, blank=True, unique=True)
    run_token = models.UUIDField(null=True, blank=True, editable=False)
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model name", "后台任务")
        verbose_name_plural = pgettext_lazy("model name, plural", "后台任务")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["status", "created_at"], name="job_status_age"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "succeeded", "failed"]), name="job_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(max_attempts__gte=1), name="job_runs_at_least_once"),
        ]

    def __str__(self):
        return f"{self.display_label} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def display_label(self) -> str:
        """The label is stored as its Chinese msgid and translated for whoever reads it."""
        return gettext(self.label) if self.label else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
