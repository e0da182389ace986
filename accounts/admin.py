from django.contrib import admin

from accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "must_change_password"]
    list_filter = ["language", "must_change_password"]
    search_fields = ["user__username", "user__first_name"]
    autocomplete_fields = ["user"]
