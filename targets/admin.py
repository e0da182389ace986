from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from shangqiu_cbec.form_messages import PlainMessagesAdmin
from shangqiu_cbec.language import localised_column
from spreadsheets.admin import SpreadsheetAdminMixin
from targets.models import Baseline, Indicator, Milestone, Plan, Target
from targets.resources import MilestoneResource, TargetResource


@admin.register(Plan)
class PlanAdmin(PlainMessagesAdmin, admin.ModelAdmin):
    list_display = [localised_column("title", _("名称")), "code", "start_year", "end_year"]
    search_fields = ["title", "code"]


@admin.register(Indicator)
class IndicatorAdmin(PlainMessagesAdmin, admin.ModelAdmin):
    list_display = [
        localised_column("name", _("名称")),
        "code",
        localised_column("unit", _("单位")),
        "measure",
        "order",
    ]
    search_fields = ["name", "code", "name_en"]


@admin.register(Target)
class TargetAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [TargetResource]
    list_display = ["year", "indicator", "county", "minimum", "maximum", "is_strict", "is_aspirational", "counts"]
    list_filter = ["plan", "year", "indicator", "county", "is_aspirational", "counts"]
    search_fields = ["indicator__name", "indicator__code", "county__name", "clause"]


@admin.register(Milestone)
class MilestoneAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [MilestoneResource]
    list_display = [localised_column("title", _("事项")), "year", "is_aspirational", "status", "reached_on"]
    list_filter = ["plan", "year", "status", "is_aspirational"]
    search_fields = ["title", "clause", "evidence"]
    # Progress is recorded on the key project's own page (/milestones/<id>/record/), which keeps each
    # change as a dated entry with its evidence files; here it is shown, not edited.
    readonly_fields = ["status", "reached_on", "evidence", "progress_page"]

    @admin.display(description=_("进展"))
    def progress_page(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("milestones:record", args=[obj.pk]),
            _("在重点项目页面登记进展（保留进展记录和附件）"),
        )


@admin.register(Baseline)
class BaselineAdmin(PlainMessagesAdmin, admin.ModelAdmin):
    list_display = [localised_column("name", _("名称")), "value", "unit", "qualifier", "period"]
    list_filter = ["plan"]
    search_fields = ["name", "code"]
