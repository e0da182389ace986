from django.urls import path  # noqa: F401  (county workspace and workflow pages are added here)

urlpatterns = []
