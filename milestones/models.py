"""The city's record of each key project's progress: dated entries with their evidence files.

A milestone (``targets.Milestone``, the plan's commitment) carries its *current* status, date reached and
evidence; every change of those goes through a ``ProgressEntry`` (``milestones.services``), so the entries
are the readable history: who said what, when, with which files. Entries are never edited or deleted
through the portal; a correction is a new entry.
"""

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shangqiu_cbec.plaintext import LONG_NOTE_MAX_LENGTH, note_rule
from targets.models import Milestone, MilestoneStatus


class ProgressEntry(models.Model):
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="progress_entries",
        verbose_name=pgettext_lazy("model name", "重点项目"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=MilestoneStatus.choices)
    reached_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.TextField(_("进展说明"), validators=[note_rule("进展说明", LONG_NOTE_MAX_LENGTH)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # demo entries, and entries whose recorder's account was later deleted
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    is_demo_data = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["milestone", "-recorded_at", "-pk"]
        verbose_name = pgettext_lazy("model name", "重点项目进展")
        verbose_name_plural = pgettext_lazy("model name, plural", "重点项目进展")
        indexes = [models.Index(fields=["milestone", "-recorded_at"], name="progress_latest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=MilestoneStatus.DONE, reached_on__isnull=False)
                | (~Q(status=MilestoneStatus.DONE) & Q(reached_on__isnull=True)),
                name="progress_date_only_when_done",
            ),
        ]

    def __str__(self):
        when = f" · {self.recorded_at:%Y-%m-%d}" if self.recorded_at else ""
        return f"{self.milestone} · {self.get_status_display()}{when}"


def attachment_path(instance, filename: str) -> str:
    """A random name under milestones/<year>/: the stored name reveals nothing and cannot be guessed."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"milestones/{instance.entry.recorded_at:%Y}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    """An evidence file of a progress entry, served only through the portal (``milestones.views.attachment``)."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("进展")
    )
    key = models.UUIDField(_("下载编号"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = pgettext_lazy("model name", "佐证附件")
        verbose_name_plural = pgettext_lazy("model name, plural", "佐证附件")

    def __str__(self):
        return self.original_name
