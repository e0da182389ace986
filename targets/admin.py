from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from spreadsheets.admin import SpreadsheetAdminMixin
from targets.models import Baseline, Indicator, Milestone, Plan, Target
from targets.resources import MilestoneResource, TargetResource


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "start_year", "end_year"]
    search_fields = ["title", "code"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "measure", "order"]
    search_fields = ["name", "code", "name_en"]


@admin.register(Target)
class TargetAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [TargetResource]
    list_display = ["year", "indicator", "county", "minimum", "maximum", "is_strict", "is_aspirational", "counts"]
    list_filter = ["plan", "year", "indicator", "county", "is_aspirational", "counts"]
    search_fields = ["indicator__name", "indicator__code", "county__name", "clause"]


@admin.register(Milestone)
class MilestoneAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [MilestoneResource]
    list_display = ["title", "year", "is_aspirational", "status", "reached_on"]
    list_filter = ["plan", "year", "status", "is_aspirational"]
    search_fields = ["title", "clause", "evidence"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["name", "value", "unit", "qualifier", "period"]
    list_filter = ["plan"]
    search_fields = ["name", "code"]
