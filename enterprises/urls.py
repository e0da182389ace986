from django.urls import path, register_converter

from enterprises import views


class RegistryConverter:
    """The registries of a county workspace, by their URL slug."""

    regex = "|".join(views.REGISTRIES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegistryConverter, "registry")

urlpatterns = [
    path("workspace/<str:code>/<registry:kind>/", views.registry_list, name="registry_list"),
    path("workspace/<str:code>/<registry:kind>/add/", views.registry_add, name="registry_add"),
    path("workspace/<str:code>/<registry:kind>/<int:pk>/", views.registry_edit, name="registry_edit"),
    path("workspace/<str:code>/<registry:kind>/<int:pk>/history/", views.registry_history, name="registry_history"),
]
