"""The plan as data: plans, indicators, targets, milestones and baselines.

Nothing here names a year or a county: the 2016-2018 plan is loaded from ``fixtures/`` and the
next three-year plan can be loaded beside it.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.models import County
from shangqiu_cbec.language import is_english, localised
from shangqiu_cbec.plaintext import LONG_NOTE_MAX_LENGTH, note_rule


class Plan(models.Model):
    """A government plan with its own targets, e.g. 商政〔2016〕26号 for 2016-2018."""

    code = models.CharField(_("文号"), max_length=40, unique=True)
    slug = models.SlugField(_("标识"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"))
    source = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = pgettext_lazy("model name", "行动计划")
        verbose_name_plural = pgettext_lazy("model name, plural", "行动计划")
        constraints = [models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_ordered")]

    def __str__(self):
        if is_english():
            return f"{localised(self, 'title')} ({self.code})"
        return f"{self.title}（{self.code}）"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


def counted_years() -> list[int]:
    """Every year some loaded plan counts (one query), for the county reporting window."""
    return [y for start, end in Plan.objects.values_list("start_year", "end_year") for y in range(start, end + 1)]


class Measure(models.TextChoices):
    """Where an indicator's actual comes from. The progress engine implements each one."""

    ENTERPRISES_FILED = "enterprises_filed", _("备案认定企业（名录计数）")
    ENTERPRISES_CITY_DEMO = "enterprises_city_demo", _("市级示范企业（名录计数）")
    ENTERPRISES_PROVINCE_DEMO = "enterprises_province_demo", _("省级示范企业（名录计数）")
    PARKS = "parks", _("园区（名录计数）")
    PARKS_SPECIALISED = "parks_specialised", _("专业跨境电商产业园区（名录计数）")
    PARKS_DEMONSTRATION = "parks_demonstration", _("示范园区（名录计数）")
    PARKS_CITY_DEMO = "parks_city_demo", _("市级示范园区（名录计数）")
    PARKS_PROVINCE_DEMO = "parks_province_demo", _("省级示范园区（名录计数）")
    PARKS_NATIONAL_DEMO = "parks_national_demo", _("国家级示范基地（名录计数）")
    WAREHOUSES_PUBLIC = "warehouses_public", _("公共海外仓（名录计数）")
    WAREHOUSES_PROVINCE = "warehouses_province", _("省级公共海外仓（名录计数）")
    TRAINING_BASES = "training_bases", _("培训孵化基地（名录计数）")
    QUARTERLY_TRANSACTION = "quarterly_transaction_usd", _("季度交易额之和")
    QUARTERLY_EMPLOYEES = "quarterly_employees", _("最近季度从业人员")
    QUARTERLY_REPORTING = "quarterly_reporting_enterprises", _("最近季度按时准确填报企业数")


class Indicator(models.Model):
    """A quantity the plan sets targets for, with a stable code used in exports."""

    code = models.SlugField(_("指标代码"), max_length=40, unique=True)
    name = models.CharField(_("指标名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=10)
    unit_en = models.CharField(_("英文单位"), max_length=20, blank=True)
    measure = models.CharField(_("数据来源"), max_length=40, choices=Measure.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_headline = models.BooleanField(_("重点指标"), default=False)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = pgettext_lazy("model name", "指标")
        verbose_name_plural = pgettext_lazy("model name, plural", "指标")

    def __str__(self):
        return localised(self)


class Counts(models.TextChoices):
    """Whether a target counts what stands at the date (stock) or only what is new within the year."""

    STOCK = "stock", _("存量（截至期末）")
    NEW = "new", _("年内新增")


class TargetQuerySet(models.QuerySet):
    def of_year(self, plan, year):
        return self.filter(plan=plan, year=year)

    def city_wide(self):
        return self.filter(county__isnull=True)

    def of_counties(self):
        return self.filter(county__isnull=False)


class Target(models.Model):
    """One number of the plan: an indicator's bound for a year, city-wide (no county) or for one county.

    ``minimum`` is the lower bound; ``maximum`` is empty for "以上"/"超过" and set for ranges ("1~2").
    ``is_strict`` marks "超过" (more than); ``is_aspirational`` marks "争创", "力争", "争取".
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("行动计划"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("指标"))
    year = models.PositiveSmallIntegerField(_("年度"))
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("县区（空为全市）"),
    )
    minimum = models.DecimalField(_("下限"), max_digits=18, decimal_places=2)
    maximum = models.DecimalField(_("上限"), max_digits=18, decimal_places=2, null=True, blank=True)
    is_strict = models.BooleanField(_("严格大于下限（超过）"), default=False)
    is_aspirational = models.BooleanField(_("争创/力争目标"), default=False)
    counts = models.CharField(_("统计口径"), max_length=8, choices=Counts.choices)
    clause = models.TextField(_("计划原文"))
    note = models.TextField(_("备注"), blank=True, validators=[note_rule("备注", LONG_NOTE_MAX_LENGTH)])

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["year", "indicator__order", "county__order"]
        verbose_name = pgettext_lazy("model name", "目标")
        verbose_name_plural = pgettext_lazy("model name, plural", "目标")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "year", "county"], name="one_target_per_indicator_year_county"
            ),
            models.UniqueConstraint(
                fields=["plan", "indicator", "year"],
                condition=Q(county__isnull=True),
                name="one_city_target_per_indicator_year",
            ),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="target_minimum_not_negative"),
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=F("minimum")), name="target_range_ordered"
            ),
        ]

    def __str__(self):
        where = str(self.county) if self.county_id else gettext("全市")
        return f"{self.year} {where} {self.indicator} {self.bound_label}"

    @property
    def is_range(self) -> bool:
        return self.maximum is not None and self.maximum != self.minimum

    @property
    def bound_label(self) -> str:
        """The target as the plan writes it: "1~2", ">1500", "≥10"."""
        low = _plain(self.minimum)
        if self.is_range:
            return f"{low}~{_plain(self.maximum)}"
        return f">{low}" if self.is_strict else f"≥{low}"


def _plain(value) -> str:
    """A Decimal without trailing zeros: 300000000.00 -> 300000000."""
    text = format(value.normalize(), "f") if value is not None else ""
    return text


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class Milestone(models.Model):
    """A non-numeric commitment of the plan (a key project), with the year it is due if the plan gives one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("行动计划"))
    code = models.SlugField(_("代码"), max_length=60)
    title = models.CharField(_("事项"), max_length=200)
    title_en = models.CharField(_("英文"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("目标年度"), null=True, blank=True, help_text=_("空为计划期内"))
    is_aspirational = models.BooleanField(_("争创/力争"), default=False)
    clause = models.TextField(_("计划原文"))
    status = models.CharField(
        _("状态"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    reached_on = models.DateField(_("完成日期"), null=True, blank=True)
    evidence = models.TextField(_("佐证说明"), blank=True, validators=[note_rule("佐证说明", LONG_NOTE_MAX_LENGTH)])
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "year", "order"]
        verbose_name = pgettext_lazy("model name", "重点项目")
        verbose_name_plural = pgettext_lazy("model name, plural", "重点项目")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="one_milestone_code_per_plan"),
            models.CheckConstraint(
                condition=Q(status="done", reached_on__isnull=False) | ~Q(status="done"),
                name="done_milestone_has_date",
            ),
        ]

    def __str__(self):
        return localised(self, "title")

    def due_year(self) -> int:
        """The year the milestone is due: its own, or the plan's last year."""
        return self.year or self.plan.end_year


class Baseline(models.Model):
    """A figure of the plan's starting point (section 一), e.g. 188 import-export enterprises at the end of 2015."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="baselines", verbose_name=_("行动计划"))
    code = models.SlugField(_("代码"), max_length=60)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20)
    qualifier = models.CharField(_("限定"), max_length=20, blank=True, help_text=_("如“多”“以上”"))
    period = models.CharField(_("期间"), max_length=40)
    clause = models.TextField(_("计划原文"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = pgettext_lazy("model name", "基期数据")
        verbose_name_plural = pgettext_lazy("model name, plural", "基期数据")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="one_baseline_code_per_plan")]

    def __str__(self):
        if is_english():
            from targets.templatetags.cbec import quantity

            return f"{localised(self)} {quantity(self.value, self.unit)}"
        return f"{self.name} {self.value}{self.unit}"


class DataChange(models.Model):
    """An append-only marker written whenever data the dashboards read changes (see ``targets.freshness``).

    The newest id is the data version that dashboard caches are keyed by. Appending (rather than
    incrementing one counter row) means concurrent writers never wait on each other.
    """

    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "数据变更标记")
        verbose_name_plural = pgettext_lazy("model name, plural", "数据变更标记")

    def __str__(self):
        return f"#{self.pk} {self.changed_at:%Y-%m-%d %H:%M:%S}"
