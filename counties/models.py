"""The org units of Shangqiu, who belongs to them, and the quarterly figures they report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties import roles
from counties.quarters import QUARTER_CHOICES
from shangqiu_cbec.language import localised
from shangqiu_cbec.plaintext import note_rule


class CountyKind(models.TextChoices):
    CITY = "city", _("地级市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    ZONE = "zone", _("功能区")


class CountyQuerySet(models.QuerySet):
    def units(self):
        """The county-level units (everything but the city as a whole)."""
        return self.exclude(kind=CountyKind.CITY)

    def visible_to(self, user):
        """The units whose data ``user`` may see: the one county of county staff, all for the city."""
        if not user.is_authenticated:
            return self.none()
        if roles.sees_all_counties(user):
            return self.units()
        county_id = roles.county_id_of(user)
        return self.filter(pk=county_id) if county_id else self.none()


class County(models.Model):
    """A county-level unit of Shangqiu, or the city itself (kind ``city``) for city-wide figures.

    ``code`` is the GB/T 2260 code where the state gives one; the functional zones the plan names
    have none and carry the project's own stable codes (see README, "County codes").
    """

    code = models.CharField(_("代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=20, choices=CountyKind.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    has_national_code = models.BooleanField(_("有国家行政区划代码"), default=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = pgettext_lazy("model name", "县区")
        verbose_name_plural = pgettext_lazy("model name, plural", "县区")

    def __str__(self):
        return localised(self)

    @property
    def is_city(self) -> bool:
        return self.kind == CountyKind.CITY


class Membership(models.Model):
    """Binds a user to the county they work for. City admins and leaders need none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("用户")
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="members", verbose_name=_("所属县区"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("model name", "县区成员")
        verbose_name_plural = pgettext_lazy("model name, plural", "县区成员")

    def __str__(self):
        return f"{self.user} @ {self.county}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


class QuarterlyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(county__in=County.objects.visible_to(user))

    def counted(self, *, include_pending: bool = False):
        """Reports whose figures count on the dashboards: approved, or also submitted if asked."""
        statuses = [ReportStatus.APPROVED]
        if include_pending:
            statuses.append(ReportStatus.SUBMITTED)
        return self.filter(status__in=statuses)

    def sent_to_city(self):
        """Reports the county has sent to the city, now or before: a report returned or reopened and being
        corrected has been sent once, so it is not missing or overdue (``QuarterlyReport.was_sent_to_city``)."""
        return self.filter(~Q(status=ReportStatus.DRAFT) | Q(first_submitted_at__isnull=False))


class QuarterlyReport(models.Model):
    """A county's figures for one quarter: transaction volume (USD), employees, enterprises reporting.

    ``transaction_usd`` is the volume within the quarter (a flow); ``employees`` and
    ``reporting_enterprises`` are the numbers standing at the quarter's end (stocks).
    """

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="reports", verbose_name=_("县区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=QUARTER_CHOICES)
    transaction_usd = models.DecimalField(_("跨境电商交易额（美元）"), max_digits=18, decimal_places=2)
    employees = models.PositiveIntegerField(_("从业人员（人）"))
    reporting_enterprises = models.PositiveIntegerField(_("按时准确填报企业数（家）"))
    remark = models.TextField(_("备注"), blank=True, validators=[note_rule("备注")])
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    review_comment = models.TextField(_("审核意见"), blank=True, validators=[note_rule("审核意见")])
    reopen_reason = models.TextField(_("重新打开原因"), blank=True, validators=[note_rule("重新打开原因")])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_demo_data = models.BooleanField(_("演示数据"), default=False, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = QuarterlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "county__order"]
        verbose_name = pgettext_lazy("model name", "季度数据")
        verbose_name_plural = pgettext_lazy("model name, plural", "季度数据")
        constraints = [
            models.UniqueConstraint(fields=["county", "year", "quarter"], name="one_report_per_county_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(transaction_usd__gte=0), name="report_transaction_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="report_year_sane"),
        ]

    def __str__(self):
        when = gettext("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.quarter}
        return f"{self.county} {when}"

    @property
    def was_sent_to_city(self) -> bool:
        """Submitted now or before (``QuarterlyReportQuerySet.sent_to_city`` states the rule as a query)."""
        return self.status != ReportStatus.DRAFT or self.first_submitted_at is not None

    @property
    def is_locked(self) -> bool:
        """Approved figures are locked; only a city admin may reopen them."""
        return self.status == ReportStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
