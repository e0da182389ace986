"""The registries the plan counts: filed enterprises, parks, overseas warehouses, training bases."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counties.models import County
from counties.quarters import QUARTER_CHOICES
from enterprises.validators import validate_credit_code
from shangqiu_cbec.plaintext import name_rule


class Industry(models.TextChoices):
    """The industries the plan names (sections 一 and 四)."""

    TEXTILES = "textiles", _("纺织服装")
    TOOLS = "tools", _("工量具")
    FOOD = "food", _("食品")
    ELECTRONICS = "electronics", _("电子电器")
    CASINGS = "casings", _("肠衣")
    ENVIRONMENTAL = "environmental", _("环保设备")
    FUR = "fur", _("皮毛")
    WOOD = "wood", _("木制品")
    REFRIGERATION = "refrigeration", _("制冷")
    SUPERHARD = "superhard", _("超硬材料")
    HARDWARE = "hardware", _("五金")
    FOOTWEAR = "footwear", _("制鞋")
    OTHER = "other", _("其他")


class CountyScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Records of the counties ``user`` may see (see ``County.objects.visible_to``)."""
        return self.filter(county__in=County.objects.visible_to(user))


def _year_field(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, null=True, blank=True)


def _years_sane(prefix: str, *fields: str):
    return [
        models.CheckConstraint(
            condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__gte": 2000, f"{f}__lte": 2100}),
            name=f"{prefix}_{f}_sane",
        )
        for f in fields
    ]


class Enterprise(models.Model):
    """A cross-border e-commerce enterprise filed and recognised (备案认定) in a county."""

    name = models.CharField(_("企业名称"), max_length=200, validators=[name_rule()])
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("县区"))
    filed_on = models.DateField(_("备案认定日期"))
    deregistered_on = models.DateField(_("注销日期"), null=True, blank=True)
    industry = models.CharField(_("行业"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    is_foreign_trade = models.BooleanField(_("外贸企业"), default=False)
    city_demo_year = _year_field(_("市级示范企业认定年度"))
    province_demo_year = _year_field(_("省级示范企业认定年度"))
    is_demo_data = models.BooleanField(_("演示数据"), default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "filed_on", "name"]
        verbose_name = pgettext_lazy("model name", "跨境电商企业")
        verbose_name_plural = pgettext_lazy("model name, plural", "跨境电商企业")
        constraints = [
            models.CheckConstraint(
                condition=Q(deregistered_on__isnull=True) | Q(deregistered_on__gte=F("filed_on")),
                name="enterprise_deregistered_after_filed",
            ),
            *_years_sane("enterprise", "city_demo_year", "province_demo_year"),
        ]
        indexes = [
            models.Index(fields=["county", "filed_on"]),
            # The indicator page lists the records behind a number in these orders, a page at a time.
            models.Index(fields=["filed_on", "id"], name="enterprise_filed_id"),
            *(
                models.Index(
                    fields=[year, "filed_on", "id"],
                    name=f"enterprise_{year}",
                    condition=Q(**{f"{year}__isnull": False}),
                )
                for year in ("city_demo_year", "province_demo_year")
            ),
        ]

    def __str__(self):
        return self.name


class EnterpriseTally(models.Model):
    """How many enterprises share each county, month filed, month deregistered and years recognised.

    Kept by database triggers in the same transaction as every write to the registry (see
    ``enterprises.tally``), never written by the application. Months are stored as their first day;
    "never deregistered" as 9999-12-01 and "not recognised" as 9999, so that the dashboards' counting
    conditions apply to it unchanged. Unmanaged: its migration creates the table, its unique key and the
    triggers; and it is left out of ``dumpdata``, ``flush`` and backups of rows, being derived data.
    """

    county = models.ForeignKey(County, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    filed_on = models.DateField(_("备案认定月份"))
    deregistered_on = models.DateField(_("注销月份"))
    city_demo_year = models.PositiveSmallIntegerField(_("市级示范企业认定年度"))
    province_demo_year = models.PositiveSmallIntegerField(_("省级示范企业认定年度"))
    n = models.IntegerField(_("企业数"))

    class Meta:
        managed = False
        db_table = "enterprises_enterprisetally"
        verbose_name = pgettext_lazy("model name", "企业计数汇总")
        verbose_name_plural = pgettext_lazy("model name, plural", "企业计数汇总")

    def __str__(self):
        return f"{self.county_id} {self.filed_on:%Y-%m} × {self.n}"


class EnterpriseReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Flags of the enterprises of the counties ``user`` may see."""
        return self.filter(enterprise__county__in=County.objects.visible_to(user))


class EnterpriseReport(models.Model):
    """Whether an enterprise reported a quarter to the national e-commerce information system on time and accurately.

    Kept per quarter by the county on its workspace page (``enterprises.reporting``) or by spreadsheet.
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="reports", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=QUARTER_CHOICES)
    on_time = models.BooleanField(_("按时填报"), default=True)
    accurate = models.BooleanField(_("准确填报"), default=True)

    history = HistoricalRecords()
    objects = EnterpriseReportQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-year", "-quarter"]
        verbose_name = pgettext_lazy("model name", "企业信息系统填报")
        verbose_name_plural = pgettext_lazy("model name, plural", "企业信息系统填报")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "quarter"], name="one_enterprise_report_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="enterprise_report_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}Q{self.quarter}"


class ParkStatus(models.TextChoices):
    PLANNED = "planned", _("规划中")
    BUILDING = "building", _("建设中")
    OPERATING = "operating", _("已运营")
    CLOSED = "closed", _("已关闭")


class Park(models.Model):
    """A cross-border e-commerce park (园区), possibly a demonstration park or a specialised industrial park."""

    name = models.CharField(_("园区名称"), max_length=200, validators=[name_rule()])
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="parks", verbose_name=_("县区"))
    established_on = models.DateField(_("建成日期"))
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ParkStatus.choices, default=ParkStatus.OPERATING)
    industry = models.CharField(_("特色产业"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    is_demonstration = models.BooleanField(_("跨境电商示范园区"), default=False)
    is_specialised = models.BooleanField(_("专业跨境电商产业园区"), default=False)
    city_demo_year = _year_field(_("市级示范园区认定年度"))
    province_demo_year = _year_field(_("省级示范园区认定年度"))
    national_demo_year = _year_field(_("国家级示范基地认定年度"))
    is_demo_data = models.BooleanField(_("演示数据"), default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "established_on", "name"]
        verbose_name = pgettext_lazy("model name", "跨境电商园区")
        verbose_name_plural = pgettext_lazy("model name, plural", "跨境电商园区")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("established_on")),
                name="park_closed_after_established",
            ),
            *_years_sane("park", "city_demo_year", "province_demo_year", "national_demo_year"),
        ]

    def __str__(self):
        return self.name


class WarehouseMode(models.TextChoices):
    """The ways the plan (section 三(三)) lists of running an overseas warehouse."""

    SELF_BUILT = "self_built", _("自建")
    LEASED = "leased", _("租用")
    INDEPENDENT = "independent", _("独立运行")
    JOINT = "joint", _("合营")


class OverseasWarehouse(models.Model):
    """An overseas warehouse (海外仓) run by an enterprise of a county."""

    name = models.CharField(_("海外仓名称"), max_length=200, validators=[name_rule()])
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="warehouses", verbose_name=_("县区"))
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warehouses",
        verbose_name=_("运营企业"),
    )
    country = models.CharField(_("国家"), max_length=60, validators=[name_rule("国家")])
    city = models.CharField(_("城市"), max_length=60, blank=True, validators=[name_rule("城市")])
    mode = models.CharField(_("运营方式"), max_length=12, choices=WarehouseMode.choices, default=WarehouseMode.LEASED)
    opened_on = models.DateField(_("设立日期"))
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    is_public = models.BooleanField(_("公共海外仓"), default=False)
    province_public_year = _year_field(_("省级公共海外仓认定年度"))
    is_demo_data = models.BooleanField(_("演示数据"), default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "opened_on", "name"]
        verbose_name = pgettext_lazy("model name", "海外仓")
        verbose_name_plural = pgettext_lazy("model name, plural", "海外仓")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="warehouse_closed_after_opened",
            ),
            *_years_sane("warehouse", "province_public_year"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.enterprise_id and self.county_id and self.enterprise.county_id != self.county_id:
            raise ValidationError({"enterprise": "运营企业不属于所选县区。"})


class TrainingBase(models.Model):
    """A cross-border e-commerce training and incubation base (培训孵化基地)."""

    name = models.CharField(_("基地名称"), max_length=200, validators=[name_rule()])
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="training_bases", verbose_name=_("县区"))
    operator = models.CharField(_("运营单位"), max_length=200, validators=[name_rule("运营单位")])
    established_on = models.DateField(_("建成日期"))
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    is_demo_data = models.BooleanField(_("演示数据"), default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "established_on", "name"]
        verbose_name = pgettext_lazy("model name", "培训孵化基地")
        verbose_name_plural = pgettext_lazy("model name, plural", "培训孵化基地")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("established_on")),
                name="training_base_closed_after_established",
            ),
        ]

    def __str__(self):
        return self.name
