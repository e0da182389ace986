from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CountiesConfig(AppConfig):
    name = "counties"
    verbose_name = "县区与季度填报"

    def ready(self):
        from counties.roles import ensure_groups

        # Groups need the permissions that Django creates after migrating, hence post_migrate.
        post_migrate.connect(ensure_groups, dispatch_uid="counties.ensure_groups")
