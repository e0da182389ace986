from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = pgettext_lazy("app name", "后台任务")
