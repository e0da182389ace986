from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("通知")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from notifications.models import Notification
        from notifications.selectors import unread_forget

        def forget(sender, instance, **kwargs):
            unread_forget(instance.recipient_id)

        post_save.connect(forget, sender=Notification, weak=False, dispatch_uid="notifications-unread-save")
        post_delete.connect(forget, sender=Notification, weak=False, dispatch_uid="notifications-unread-delete")
