"""The registries the plan counts: filed enterprises, parks, overseas warehouses, training bases."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from counties.models import County
from enterprises.validators import validate_credit_code


class Industry(models.TextChoices):
    """The industries the plan names (sections 一 and 四)."""

    TEXTILES = "textiles", "纺织服装"
    TOOLS = "tools", "工量具"
    FOOD = "food", "食品"
    ELECTRONICS = "electronics", "电子电器"
    CASINGS = "casings", "肠衣"
    ENVIRONMENTAL = "environmental", "环保设备"
    FUR = "fur", "皮毛"
    WOOD = "wood", "木制品"
    REFRIGERATION = "refrigeration", "制冷"
    SUPERHARD = "superhard", "超硬材料"
    HARDWARE = "hardware", "五金"
    FOOTWEAR = "footwear", "制鞋"
    OTHER = "other", "其他"


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

    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code])
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="enterprises", verbose_name="县区")
    filed_on = models.DateField("备案认定日期")
    deregistered_on = models.DateField("注销日期", null=True, blank=True)
    industry = models.CharField("行业", max_length=20, choices=Industry.choices, default=Industry.OTHER)
    is_foreign_trade = models.BooleanField("外贸企业", default=False)
    city_demo_year = _year_field("市级示范企业认定年度")
    province_demo_year = _year_field("省级示范企业认定年度")
    is_demo_data = models.BooleanField("演示数据", default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "filed_on", "name"]
        verbose_name = "跨境电商企业"
        verbose_name_plural = "跨境电商企业"
        constraints = [
            models.CheckConstraint(
                condition=Q(deregistered_on__isnull=True) | Q(deregistered_on__gte=F("filed_on")),
                name="enterprise_deregistered_after_filed",
            ),
            *_years_sane("enterprise", "city_demo_year", "province_demo_year"),
        ]
        indexes = [models.Index(fields=["county", "filed_on"])]

    def __str__(self):
        return self.name


class EnterpriseReport(models.Model):
    """Whether an enterprise reported a quarter to the national e-commerce information system on time and accurately."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="reports", verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)])
    on_time = models.BooleanField("按时填报", default=True)
    accurate = models.BooleanField("准确填报", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "-year", "-quarter"]
        verbose_name = "企业信息系统填报"
        verbose_name_plural = "企业信息系统填报"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "quarter"], name="one_enterprise_report_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="enterprise_report_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}Q{self.quarter}"


class ParkStatus(models.TextChoices):
    PLANNED = "planned", "规划中"
    BUILDING = "building", "建设中"
    OPERATING = "operating", "已运营"
    CLOSED = "closed", "已关闭"


class Park(models.Model):
    """A cross-border e-commerce park (园区), possibly a demonstration park or a specialised industrial park."""

    name = models.CharField("园区名称", max_length=200)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="parks", verbose_name="县区")
    established_on = models.DateField("建成日期")
    closed_on = models.DateField("关闭日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ParkStatus.choices, default=ParkStatus.OPERATING)
    industry = models.CharField("特色产业", max_length=20, choices=Industry.choices, default=Industry.OTHER)
    is_demonstration = models.BooleanField("跨境电商示范园区", default=False)
    is_specialised = models.BooleanField("专业跨境电商产业园区", default=False)
    city_demo_year = _year_field("市级示范园区认定年度")
    province_demo_year = _year_field("省级示范园区认定年度")
    national_demo_year = _year_field("国家级示范基地认定年度")
    is_demo_data = models.BooleanField("演示数据", default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "established_on", "name"]
        verbose_name = "跨境电商园区"
        verbose_name_plural = "跨境电商园区"
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

    SELF_BUILT = "self_built", "自建"
    LEASED = "leased", "租用"
    INDEPENDENT = "independent", "独立运行"
    JOINT = "joint", "合营"


class OverseasWarehouse(models.Model):
    """An overseas warehouse (海外仓) run by an enterprise of a county."""

    name = models.CharField("海外仓名称", max_length=200)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="warehouses", verbose_name="县区")
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warehouses",
        verbose_name="运营企业",
    )
    country = models.CharField("国家", max_length=60)
    city = models.CharField("城市", max_length=60, blank=True)
    mode = models.CharField("运营方式", max_length=12, choices=WarehouseMode.choices, default=WarehouseMode.LEASED)
    opened_on = models.DateField("设立日期")
    closed_on = models.DateField("关闭日期", null=True, blank=True)
    is_public = models.BooleanField("公共海外仓", default=False)
    province_public_year = _year_field("省级公共海外仓认定年度")
    is_demo_data = models.BooleanField("演示数据", default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "opened_on", "name"]
        verbose_name = "海外仓"
        verbose_name_plural = "海外仓"
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

    name = models.CharField("基地名称", max_length=200)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="training_bases", verbose_name="县区")
    operator = models.CharField("运营单位", max_length=200)
    established_on = models.DateField("建成日期")
    closed_on = models.DateField("关闭日期", null=True, blank=True)
    is_demo_data = models.BooleanField("演示数据", default=False, editable=False)

    history = HistoricalRecords()
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["county__order", "established_on", "name"]
        verbose_name = "培训孵化基地"
        verbose_name_plural = "培训孵化基地"
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("established_on")),
                name="training_base_closed_after_established",
            ),
        ]

    def __str__(self):
        return self.name
