from django.contrib import admin

from notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__username", "dedupe_key"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "inbox", "email"]
    list_filter = ["kind"]
    search_fields = ["user__username"]
