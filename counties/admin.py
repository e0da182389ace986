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
    # Status changes go through the workflow (review pages), which records who and when.
    readonly_fields = ["status", "submitted_at", "first_submitted_at", "reviewed_at", "reviewed_by", "version"]

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            obj.version += 1  # a reviewer or county holding the older version is told it changed
        super().save_model(request, obj, form, change)


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

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # City admins manage users and roles, but cannot grant superuser or single permissions.
        hidden = {"is_superuser", "user_permissions"}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]
