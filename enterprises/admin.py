from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from enterprises.models import Enterprise, EnterpriseReport, OverseasWarehouse, Park, TrainingBase
from enterprises.resources import (
    EnterpriseReportResource,
    EnterpriseResource,
    OverseasWarehouseResource,
    ParkResource,
    TrainingBaseResource,
)
from shangqiu_cbec.form_messages import PlainMessagesAdmin
from spreadsheets.admin import SpreadsheetAdminMixin


class EnterpriseReportInline(admin.TabularInline):
    model = EnterpriseReport
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [EnterpriseResource]
    list_display = ["name", "credit_code", "county", "filed_on", "deregistered_on", "industry", "is_demo_data"]
    list_filter = ["county", "industry", "is_foreign_trade", "city_demo_year", "province_demo_year", "filed_on"]
    search_fields = ["name", "credit_code"]
    date_hierarchy = "filed_on"
    inlines = [EnterpriseReportInline]


@admin.register(Park)
class ParkAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [ParkResource]
    list_display = ["name", "county", "established_on", "status", "is_demonstration", "is_specialised"]
    list_filter = ["county", "status", "is_demonstration", "is_specialised", "city_demo_year", "province_demo_year"]
    search_fields = ["name"]
    date_hierarchy = "established_on"


@admin.register(OverseasWarehouse)
class OverseasWarehouseAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [OverseasWarehouseResource]
    list_display = ["name", "county", "enterprise", "country", "city", "mode", "opened_on", "is_public"]
    list_filter = ["county", "mode", "is_public", "province_public_year"]
    search_fields = ["name", "enterprise__name", "enterprise__credit_code", "country", "city"]
    date_hierarchy = "opened_on"
    autocomplete_fields = ["enterprise"]


@admin.register(TrainingBase)
class TrainingBaseAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [TrainingBaseResource]
    list_display = ["name", "county", "operator", "established_on", "closed_on"]
    list_filter = ["county"]
    search_fields = ["name", "operator"]
    date_hierarchy = "established_on"


@admin.register(EnterpriseReport)
class EnterpriseReportAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [EnterpriseReportResource]
    list_display = ["enterprise", "year", "quarter", "on_time", "accurate"]
    list_filter = ["year", "quarter", "on_time", "accurate", "enterprise__county"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["enterprise"]
