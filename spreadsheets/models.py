"""An uploaded spreadsheet between its preview and its import, and the lock of one running import per user.

The file's bytes are kept in the database, not on a web node's disk, so a preview made on one node can
be confirmed on another and a background job on any worker can read it; they are dropped once the file
is imported, refused or left for a day. The partial unique constraint lets each user have at most one
upload being checked or imported at a time, on SQLite and PostgreSQL alike, across web workers and job
workers: a second one is refused politely while the first runs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UploadState(models.TextChoices):
    CHECKING = "checking", _("检查中")
    CHECKED = "checked", _("待确认导入")
    REFUSED = "refused", _("未通过检查")
    IMPORTING = "importing", _("导入中")
    IMPORTED = "imported", _("已导入")
    FAILED = "failed", _("出错中断")


RUNNING = (UploadState.CHECKING, UploadState.IMPORTING)


class Upload(models.Model):
    """One file a user uploaded for import into one table (``sheet_key``), and what came of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("上传人")
    )
    sheet_key = models.CharField(_("数据表"), max_length=40)
    file_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    data = models.BinaryField(_("文件内容"), default=b"", editable=False)
    rows_estimate = models.PositiveIntegerField(_("估计行数"), default=0)
    state = models.CharField(_("状态"), max_length=12, choices=UploadState.choices, default=UploadState.CHECKING)
    result = models.JSONField(_("检查或导入结果"), null=True, blank=True, editable=False)
    warnings_digest = models.CharField(max_length=64, blank=True, editable=False)
    job_id = models.UUIDField(_("后台任务"), null=True, blank=True, editable=False)
    language = models.CharField(max_length=12, blank=True, editable=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("model name", "上传的表格")
        verbose_name_plural = pgettext_lazy("model name, plural", "上传的表格")
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(state__in=["checking", "importing"]), name="one_running_import_per_user"
            )
        ]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("spreadsheets:upload", args=[self.pk])

    @property
    def sheet_title(self) -> str:
        from spreadsheets.registry import get_sheet

        sheet = get_sheet(self.sheet_key)
        return sheet.title if sheet else self.sheet_key

    @property
    def is_running(self) -> bool:
        return self.state in RUNNING
