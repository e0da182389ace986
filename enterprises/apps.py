from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("登记名录")

    def ready(self):
        from django.db.models.signals import post_migrate

        from enterprises import tally

        # A migration that rebuilds the enterprise table (SQLite's way to alter it) drops its triggers.
        post_migrate.connect(tally.ensure, sender=self, dispatch_uid="enterprise-tally-ensure")
