from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CountiesConfig(AppConfig):
    name = "counties"
    verbose_name = _("县区与季度填报")

    def ready(self):
        from counties.roles import ensure_groups

        # Groups need the permissions that Django creates after migrating, hence post_migrate.
        post_migrate.connect(ensure_groups, dispatch_uid="counties.ensure_groups")

        # Notices of the quarterly workflow and the reporting reminders (notifications is a shared layer:
        # it is told what to send, it never imports counties).
        from counties import notices, reminders, signals
        from notifications.reminders import register_source

        notices.register_kinds()
        register_source("counties.quarterly", reminders.quarterly_reminders)
        signals.quarter_completed.connect(notices.on_quarter_completed, dispatch_uid="counties.quarter_complete")
