from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobs.access import sees_all_jobs
from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are created by the portal and finished by the workers; the admin is for looking
    into failures (the traceback is kept in the technical detail)."""

    list_display = ["created_at", "shown_label", "owner", "status", "attempts", "done", "total", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["id", "kind", "label", "owner__username"]
    date_hierarchy = "created_at"

    exclude = ["label"]
    readonly_fields = ["shown_label"]

    @admin.display(description=_("任务名称"), ordering="label")
    def shown_label(self, obj):
        return obj.display_label  # stored as its Chinese msgid, shown in the reader's language

    def has_module_permission(self, request):
        return sees_all_jobs(request.user)

    def has_view_permission(self, request, obj=None):
        return sees_all_jobs(request.user)

    def has_delete_permission(self, request, obj=None):
        return sees_all_jobs(request.user) and (obj is None or obj.is_finished)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
