from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from counties.models import County, Membership, QuarterlyReport
from counties.resources import QuarterlyReportResource
from spreadsheets.admin import SpreadsheetAdminMixin


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short_name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "short_name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "county"]
    list_filter = ["county"]
    search_fields = ["user__username", "county__name"]
    autocomplete_fields = ["user"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [QuarterlyReportResource]
    list_display = ["county", "year", "quarter", "transaction_usd", "employees", "reporting_enterprises", "status"]
    list_filter = ["county", "year", "quarter", "status"]
    search_fields = ["county__name", "remark"]
    readonly_fields = ["submitted_at", "first_submitted_at", "reviewed_at", "reviewed_by", "version"]


class MembershipInline(admin.StackedInline):
    """A county officer's county, set on the same page as the user and the group."""

    model = Membership
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name = "所属县区（县区填报员必填）"


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "membership__county"]
