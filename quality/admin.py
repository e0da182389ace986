"""The admin for city admins: rules (expressions checked on save), bounds, settings; runs and threads read-only."""

from django.contrib import admin
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from quality.forms import ValidationRuleForm, variables_help
from quality.models import Comment, Explanation, FollowUp, MinMaxBound, OutlierSettings, RuleRun, ValidationRule
from shangqiu_cbec.form_messages import PlainMessagesAdmin
from shangqiu_cbec.language import localised_column


@admin.register(ValidationRule)
class ValidationRuleAdmin(SimpleHistoryAdmin):
    form = ValidationRuleForm
    list_display = [
        localised_column("name", _("名称")),
        "left_expression",
        "operator",
        "right_expression",
        "condition",
        "importance",
        "is_active",
    ]
    list_filter = ["importance", "is_active", "is_builtin"]
    search_fields = ["code", "name", "left_expression", "right_expression"]
    list_editable = ["is_active"]
    readonly_fields = ["is_builtin"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "name_en",
                    "importance",
                    "is_active",
                    "confirm_on_import",
                    "order",
                    "is_builtin",
                ]
            },
        ),
        (
            _("表达式"),
            {
                "fields": [
                    "left_expression",
                    "operator",
                    "right_expression",
                    "condition",
                    "left_missing",
                    "right_missing",
                ],
                # read when the page is shown, in its language
                "description": format_lazy(
                    "{}{}{}",
                    _("可用名称（中文或英文均可）："),
                    lazy(variables_help, str)(),
                    _(
                        "。运算：+ - * / 和括号；函数：abs、min、max、round、"
                        "if(条件, 值1, 值2)；条件中可用 < <= > >= == != 以及 and、or、not。"
                    ),
                ),
            },
        ),
        (_("给填报人的说明"), {"fields": ["instruction", "instruction_en"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # A starting rule would come back on the next migrate: switch it off instead.
        if obj is not None and obj.is_builtin:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj is not None else fields


@admin.register(MinMaxBound)
class MinMaxBoundAdmin(PlainMessagesAdmin, SimpleHistoryAdmin):
    list_display = ["county", "figure", "minimum", "maximum", "is_generated", "history_count", "updated_at"]
    list_filter = ["figure", "is_generated", "county"]
    readonly_fields = ["history_count", "mean", "sd", "k", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.is_generated = False  # edited by hand: kept when bounds are generated again
        super().save_model(request, obj, form, change)


@admin.register(OutlierSettings)
class OutlierSettingsAdmin(PlainMessagesAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "k", "min_history", "z_threshold", "min_peers"]

    def has_add_permission(self, request):
        return not OutlierSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnly(_ReadOnlyMixin, SimpleHistoryAdmin):
    pass


@admin.register(FollowUp)
class FollowUpAdmin(_ReadOnly):
    list_display = ["report", "figure", "status", "created_by", "created_at", "resolved_at"]
    list_filter = ["status", "figure", "report__county"]


@admin.register(Comment)
class CommentAdmin(_ReadOnly):
    list_display = ["report", "author", "created_at", "follow_up"]
    list_filter = ["report__county"]
    search_fields = ["text"]


@admin.register(Explanation)
class ExplanationAdmin(_ReadOnly):
    list_display = ["report", "rule", "written_by", "written_at"]
    list_filter = ["rule", "report__county"]


@admin.register(RuleRun)
class RuleRunAdmin(_ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["pk", "started_by", "started_at", "status", "reports_checked", "failed", "outliers"]
    exclude = ["results"]
