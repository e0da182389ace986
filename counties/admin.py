from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.services import password_set_by_admin
from counties.models import County, Membership, QuarterlyReport
from counties.resources import QuarterlyReportResource
from shangqiu_cbec.form_messages import PlainMessages, PlainMessagesAdmin
from shangqiu_cbec.language import localised_column
from signin.admin import TwoFactorUserAdminMixin
from spreadsheets.admin import SpreadsheetAdminMixin


@admin.register(County)
class CountyAdmin(PlainMessagesAdmin, admin.ModelAdmin):
    list_display = [localised_column("name", _("名称")), "code", "short_name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "short_name"]


@admin.register(Membership)
class MembershipAdmin(PlainMessagesAdmin, SimpleHistoryAdmin):
    list_display = ["user", "county"]
    list_filter = ["county"]
    search_fields = ["user__username", "county__name"]
    autocomplete_fields = ["user"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(PlainMessagesAdmin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
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
    verbose_name = _("所属县区（县区填报员必填）")


admin.site.unregister(User)


class RoleFilter(admin.SimpleListFilter):
    """The groups by the role's name in the page's language (the groups are named by their Chinese role)."""

    title = _("角色")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(group.pk, gettext(group.name)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(groups__pk=self.value()) if self.value() else queryset


class PortalUserChangeForm(PlainMessages, UserChangeForm):
    pass


class PortalUserCreationForm(PlainMessages, AdminUserCreationForm):
    pass


@admin.register(User)
class PortalUserAdmin(TwoFactorUserAdminMixin, UserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "two_factor", "last_login"]
    list_filter = [RoleFilter, "is_active", "is_staff", "membership__county"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: gettext(group.name)
        return field

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            password_set_by_admin(user=obj)  # the new user chooses their own password at first login

    def user_change_password(self, request, id, form_url=""):
        """A password an admin resets for someone else is an initial password: it must be changed at login."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            if user is not None and user.pk != request.user.pk:
                password_set_by_admin(user=user)
        return response

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
