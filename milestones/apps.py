from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MilestonesConfig(AppConfig):
    name = "milestones"
    verbose_name = _("重点项目进展")

    def ready(self):
        from counties import roles
        from enterprises.demo import register_demo
        from milestones import demo
        from milestones.models import Attachment, ProgressEntry
        from targets.freshness import on_model_change

        # The dashboards show each key project's latest progress: a new entry is a data change (targets.freshness).
        for model in (ProgressEntry, Attachment):
            for signal in (post_save, post_delete):
                signal.connect(on_model_change, sender=model, dispatch_uid=f"freshness-{signal}-{model.__name__}")
        # Entries are recorded through the portal's page only (append-only history); the admin shows them.
        roles.register_permissions(
            {
                roles.CITY_ADMIN: [(self.label, m, "view") for m in MODELS],
                roles.LEADERSHIP: [(self.label, m, "view") for m in MODELS],
            }
        )
        register_demo(seed=demo.seed_progress, clear=demo.clear_progress)
        # A deleted attachment row (with its entry or its milestone) takes its stored file along, once committed.
        post_delete.connect(_delete_stored_file, sender=Attachment, dispatch_uid="milestones-attachment-file")


def _delete_stored_file(sender, instance, **kwargs) -> None:
    from django.db import transaction

    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


MODELS = ("progressentry", "attachment")
