from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("行动计划目标")

    def ready(self):
        from counties.models import County, QuarterlyReport
        from counties.signals import bulk_data_changed
        from enterprises.models import Enterprise, EnterpriseReport, OverseasWarehouse, Park, TrainingBase
        from targets.freshness import note_change, on_model_change
        from targets.models import Baseline, Indicator, Milestone, Plan, Target

        # Every model the dashboards read marks a data change when saved or deleted (targets.freshness).
        for model in (
            County,
            QuarterlyReport,
            Enterprise,
            EnterpriseReport,
            OverseasWarehouse,
            Park,
            TrainingBase,
            Plan,
            Indicator,
            Target,
            Milestone,
            Baseline,
        ):
            for signal in (post_save, post_delete):
                signal.connect(on_model_change, sender=model, dispatch_uid=f"freshness-{signal}-{model.__name__}")
        bulk_data_changed.connect(lambda **kwargs: note_change(), weak=False, dispatch_uid="freshness-bulk")

        # The county reporting window offers only the years a loaded plan counts (counties.window).
        from counties.window import register_plan_years
        from targets.models import counted_years

        register_plan_years(counted_years)
