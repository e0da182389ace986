from django.urls import path  # noqa: F401  (import/export pages are added here)

urlpatterns = []
