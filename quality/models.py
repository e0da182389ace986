"""Data quality: validation rules and their runs, min-max bounds, explanations, follow-ups and comments.

Modelled on DHIS2's ``ValidationRule`` (left and right expressions, operator, importance, instruction,
missing-value strategy), ``MinMaxDataElement`` (bounds per unit and figure, generated from history or
set by hand) and ``DataValue.followup``, with a comment thread per report as in Akvo RSR.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counties.models import County, QuarterlyReport
from shangqiu_cbec.language import localised


class Importance(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class Operator(models.TextChoices):
    EQUAL = "==", _("等于（==）")
    NOT_EQUAL = "!=", _("不等于（!=）")
    LESS = "<", _("小于（<）")
    LESS_EQUAL = "<=", _("小于或等于（<=）")
    GREATER = ">", _("大于（>）")
    GREATER_EQUAL = ">=", _("大于或等于（>=）")
    COMPULSORY_PAIR = "compulsory_pair", _("两边同时有值或同时无值")
    EXCLUSIVE_PAIR = "exclusive_pair", _("两边不能同时有值")


class MissingValueStrategy(models.TextChoices):
    SKIP_IF_ANY = "skip_if_any_missing", _("任一值缺失即跳过")
    SKIP_IF_ALL = "skip_if_all_missing", _("全部值缺失才跳过（其余缺失值按0计）")
    NEVER_SKIP = "never_skip", _("从不跳过（缺失值按0计）")


class ValidationRule(models.Model):
    """A check of one quarterly report: ``left operator right``, optionally only when ``condition`` holds.

    Rules with importance *high* block submission until the officer explains the violation; *medium*
    and *low* warn. Expressions are parsed (``quality.expressions``) when the rule is saved in the admin.
    """

    code = models.SlugField(
        _("代码"), max_length=60, unique=True, help_text=_("英文字母、数字、下划线，保存后不要改。")
    )
    name = models.CharField(_("名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    instruction = models.TextField(_("给填报人的说明"), blank=True)
    instruction_en = models.TextField(_("英文说明"), blank=True)
    left_expression = models.CharField(_("左边表达式"), max_length=500)
    operator = models.CharField(_("运算符"), max_length=20, choices=Operator.choices)
    right_expression = models.CharField(_("右边表达式"), max_length=500)
    condition = models.CharField(_("适用条件"), max_length=500, blank=True, help_text=_("留空表示总是适用。"))
    importance = models.CharField(_("重要性"), max_length=10, choices=Importance.choices, default=Importance.MEDIUM)
    left_missing = models.CharField(
        _("左边缺失值处理"),
        max_length=30,
        choices=MissingValueStrategy.choices,
        default=MissingValueStrategy.SKIP_IF_ANY,
    )
    right_missing = models.CharField(
        _("右边缺失值处理"),
        max_length=30,
        choices=MissingValueStrategy.choices,
        default=MissingValueStrategy.SKIP_IF_ANY,
    )
    is_active = models.BooleanField(_("启用"), default=True)
    confirm_on_import = models.BooleanField(
        _("导入前须确认"),
        default=False,
        help_text=_("勾选后，表格导入的数据不符合本规则时，须先确认才写入（如交易额单位错误）。"),
    )
    is_builtin = models.BooleanField(_("内置规则"), default=False, editable=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = pgettext_lazy("model name", "校验规则")
        verbose_name_plural = pgettext_lazy("model name, plural", "校验规则")

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name in the page's language (English where the rule has one)."""
        return localised(self)

    @property
    def shown_instruction(self) -> str:
        return localised(self, "instruction")


class Explanation(models.Model):
    """What the county wrote about a rule its figures break (required before submitting a high one)."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="explanations", verbose_name=_("季度数据")
    )
    rule = models.ForeignKey(
        ValidationRule, on_delete=models.CASCADE, related_name="+", verbose_name=pgettext_lazy("model name", "校验规则")
    )
    text = models.TextField(_("说明"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("填写人")
    )
    written_at = models.DateTimeField(_("填写时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("model name", "校验说明")
        verbose_name_plural = pgettext_lazy("model name, plural", "校验说明")
        constraints = [models.UniqueConstraint(fields=["report", "rule"], name="one_explanation_per_report_rule")]

    def __str__(self):
        return f"{self.report} · {self.rule}"


class Figure(models.TextChoices):
    """The quarterly figures that bounds, outliers and follow-ups are about."""

    TRANSACTION_USD = "transaction_usd", _("交易额（美元）")
    EMPLOYEES = "employees", _("从业人员（人）")
    REPORTING_ENTERPRISES = "reporting_enterprises", _("按时准确填报企业数（家）")


class OutlierSettings(models.Model):
    """How bounds are generated and when a value stands out (one row, edited by city admins)."""

    k = models.DecimalField(_("标准差倍数 k"), max_digits=4, decimal_places=2, default=3)
    min_history = models.PositiveSmallIntegerField(_("最少历史季度数"), default=4)
    z_threshold = models.DecimalField(_("修正Z值阈值"), max_digits=4, decimal_places=2, default=3.5)
    min_peers = models.PositiveSmallIntegerField(_("跨县区比较最少县区数"), default=5)

    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("model name", "异常值参数")
        verbose_name_plural = pgettext_lazy("model name, plural", "异常值参数")
        constraints = [
            models.CheckConstraint(condition=Q(k__gt=0), name="outlier_k_positive"),
            models.CheckConstraint(condition=Q(z_threshold__gt=0), name="outlier_z_positive"),
            models.CheckConstraint(condition=Q(min_history__gte=2), name="outlier_history_at_least_two"),
            models.CheckConstraint(condition=Q(min_peers__gte=3), name="outlier_peers_at_least_three"),
        ]

    def __str__(self):
        return capfirst(str(self._meta.verbose_name))

    @classmethod
    def current(cls) -> "OutlierSettings":
        return cls.objects.order_by("pk").first() or cls()


class MinMaxBound(models.Model):
    """The normal range of one figure of one county; a value outside it is flagged (not refused)."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+", verbose_name=_("县区"))
    figure = models.CharField(_("指标"), max_length=30, choices=Figure.choices)
    minimum = models.DecimalField(_("下限"), max_digits=18, decimal_places=2)
    maximum = models.DecimalField(_("上限"), max_digits=18, decimal_places=2)
    is_generated = models.BooleanField(_("自动生成"), default=True)
    history_count = models.PositiveSmallIntegerField(_("历史季度数"), null=True, blank=True)
    mean = models.DecimalField(_("均值"), max_digits=20, decimal_places=4, null=True, blank=True)
    sd = models.DecimalField(_("标准差"), max_digits=20, decimal_places=4, null=True, blank=True)
    k = models.DecimalField("k", max_digits=4, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["county__order", "figure"]
        verbose_name = pgettext_lazy("model name", "正常范围")
        verbose_name_plural = pgettext_lazy("model name, plural", "正常范围")
        constraints = [
            models.UniqueConstraint(fields=["county", "figure"], name="one_bound_per_county_figure"),
            models.CheckConstraint(condition=Q(minimum__lte=F("maximum")), name="bound_min_not_above_max"),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="bound_min_not_negative"),
        ]

    def __str__(self):
        return f"{self.county} {self.get_figure_display()}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("待跟进")
    RESOLVED = "resolved", _("已解决")


class FollowUp(models.Model):
    """A figure of a report the city wants looked into, open until a city admin resolves it."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("季度数据")
    )
    figure = models.CharField(_("指标"), max_length=30, choices=Figure.choices)
    reason = models.TextField(_("跟进原因"))
    status = models.CharField(_("状态"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("标记人")
    )
    created_at = models.DateTimeField(_("标记时间"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("解决人"),
    )
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolution = models.TextField(_("处理结果"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("model name", "跟进事项")
        verbose_name_plural = pgettext_lazy("model name, plural", "跟进事项")
        indexes = [models.Index(fields=["status", "report"])]

    def __str__(self):
        return f"{self.report} · {self.get_figure_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.OPEN


class CommentKind(models.TextChoices):
    """What a thread entry records: something a person wrote, or a follow-up marked or resolved (whose
    label the page writes in the reader's language; the text is the reason or the outcome)."""

    MESSAGE = "message", _("留言")
    MARKED = "marked", _("标记跟进")
    RESOLVED = "resolved", _("跟进已解决")


class Comment(models.Model):
    """One message in a report's thread, seen by the county and the city; never edited or deleted in the portal."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("季度数据")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("发言人")
    )
    text = models.TextField(_("内容"))
    kind = models.CharField(_("类别"), max_length=10, choices=CommentKind.choices, default=CommentKind.MESSAGE)
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments", verbose_name=_("跟进事项")
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("model name", "讨论")
        verbose_name_plural = pgettext_lazy("model name, plural", "讨论")

    def __str__(self):
        return f"{self.report} · {self.created_at:%Y-%m-%d %H:%M}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("出错")


class RuleRun(models.Model):
    """A batch run of the rules (and outlier checks) over chosen years, quarters and counties.

    The results are kept with the run as a snapshot (``results``): which report broke which rule, with
    the values on both sides, and each rule's name and expressions as they were when it ran. Storing
    them as one document keeps the run's cost at a fixed number of queries whatever the data's size.
    """

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    years = models.JSONField(_("年度"), default=list)
    quarters = models.JSONField(_("季度"), default=list)
    counties = models.ManyToManyField(County, blank=True, related_name="+", verbose_name=_("县区（空为全部）"))
    reports_checked = models.PositiveIntegerField(_("检查季度数据"), default=0)
    rules_checked = models.PositiveIntegerField(_("规则检查次数"), default=0)
    passed = models.PositiveIntegerField(_("通过"), default=0)
    failed = models.PositiveIntegerField(_("未通过"), default=0)
    skipped = models.PositiveIntegerField(_("跳过"), default=0)
    outliers = models.PositiveIntegerField(_("异常值"), default=0)
    results = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    job_id = models.CharField(_("后台任务"), max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = pgettext_lazy("model name", "批量校验")
        verbose_name_plural = pgettext_lazy("model name, plural", "批量校验")

    def __str__(self):
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"
