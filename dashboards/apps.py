from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("领导看板")

    def ready(self):
        # The official quarterly bulletin goes to the leaders when the quarter's last report is approved.
        from counties.signals import quarter_completed
        from dashboards.bulletin import sending

        sending.register_kind()
        quarter_completed.connect(sending.on_quarter_completed, dispatch_uid="dashboards.bulletin_send")
