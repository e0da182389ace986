from django.urls import path, register_converter

from enterprises import reporting_views, views


class RegistryConverter:
    """The registries of a county workspace, by their URL slug."""

    regex = "|".join(views.REGISTRIES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegistryConverter, "registry")

urlpatterns = [
    path("workspace/<str:code>/enterprise-reports/", reporting_views.pick_quarter, name="enterprise_reports_pick"),
    path(
        "workspace/<str:code>/enterprise-reports/<int:year>/<int:quarter>/",
        reporting_views.enterprise_reports,
        name="enterprise_reports",
    ),
    path("workspace/<str:code>/<registry:kind>/", views.registry_list, name="registry_list"),
    path("workspace/<str:code>/<registry:kind>/add/", views.registry_add, name="registry_add"),
    path("workspace/<str:code>/<registry:kind>/<int:pk>/", views.registry_edit, name="registry_edit"),
    path("workspace/<str:code>/<registry:kind>/<int:pk>/history/", views.registry_history, name="registry_history"),
]
