from django.contrib import admin

from milestones.models import Attachment, ProgressEntry


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressEntry)
class ProgressEntryAdmin(admin.ModelAdmin):
    """The history of progress, for reading: entries are recorded on the key project's page and never edited."""

    list_display = ["milestone", "status", "reached_on", "recorded_by", "recorded_at", "is_demo_data"]
    list_filter = ["status", "is_demo_data"]
    search_fields = ["milestone__title", "note"]
    list_select_related = ["milestone", "recorded_by"]
    fields = ["milestone", "status", "reached_on", "note", "recorded_by", "recorded_at", "is_demo_data"]
    readonly_fields = fields
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
