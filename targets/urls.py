from django.urls import path

from targets import views

urlpatterns = [
    path("targets/export/<str:fmt>/", views.export_targets, name="export_targets"),
]
