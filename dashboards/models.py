"""What the leadership pages keep: meeting-room display tokens and the rendered quarterly bulletins."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from targets.models import Plan


class DisplayTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class DisplayToken(models.Model):
    """A read-only key for a meeting-room screen, issued and revoked by a city admin.

    It opens the big screen's figures and nothing else: it is not a login. Only a SHA-256 of the key is
    stored (the key is 256 random bits, so a fast hash is enough); the key itself is shown once, when issued.
    """

    name = models.CharField(_("名称"), max_length=60, help_text=_("如“三楼会议室大屏”"))
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("令牌末四位"), max_length=4, editable=False)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤销人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    objects = DisplayTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("model name", "大屏显示令牌")
        verbose_name_plural = pgettext_lazy("model name, plural", "大屏显示令牌")

    def __str__(self):
        return f"{self.name}（…{self.hint}）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class BulletinFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"


class Bulletin(models.Model):
    """A quarterly bulletin as rendered for one data version, so the same figures are rendered only once.

    ``sent_at`` marks the official bulletin sent to the leadership group when a quarter's figures were all
    approved; those are kept, while superseded renders of the same quarter are pruned.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("行动计划"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    include_pending = models.BooleanField(_("含待审核数据"), default=False)
    language = models.CharField(_("语言"), max_length=10)
    data_version = models.CharField(_("数据版本"), max_length=40)
    pdf = models.BinaryField("PDF", null=True, blank=True)
    docx = models.BinaryField("DOCX", null=True, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("生成人（空为定时任务）"),
    )
    sent_at = models.DateTimeField(_("发送领导时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "-generated_at"]
        verbose_name = pgettext_lazy("model name", "季度通报")
        verbose_name_plural = pgettext_lazy("model name, plural", "季度通报")
        constraints = [
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="bulletin_quarter_1_to_4"),
            models.UniqueConstraint(
                fields=["plan", "year", "quarter", "include_pending", "language", "data_version"],
                name="one_bulletin_per_quarter_version",
            ),
        ]

    def __str__(self):
        return gettext("%(year)s年第%(quarter)s季度通报") % {"year": self.year, "quarter": self.quarter}

    def content(self, fmt: str) -> bytes | None:
        data = getattr(self, fmt)
        return bytes(data) if data is not None else None
