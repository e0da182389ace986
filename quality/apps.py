from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("数据质量")

    def ready(self):
        from counties import checks, roles
        from quality.checks import QualityChecks
        from quality.loading import load_starting_rules
        from quality.notices import register_kinds

        checks.register(QualityChecks())
        register_kinds()
        roles.register_permissions(
            {
                roles.CITY_ADMIN: [(self.label, m, a) for m in MODELS for a in ("view", "add", "change", "delete")],
                roles.LEADERSHIP: [(self.label, m, "view") for m in MODELS],
            }
        )
        # After every migrate (and every test flush): the starting rules, added where missing, never overwritten.
        post_migrate.connect(load_starting_rules, sender=self, dispatch_uid="quality.load_starting_rules")


MODELS = ("validationrule", "explanation", "outliersettings", "minmaxbound", "followup", "comment", "rulerun")
