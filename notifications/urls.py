from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.open_notice, name="open"),
    path("inbox/read-all/", views.read_all, name="read_all"),
    path("account/notifications/", views.notification_settings, name="settings"),
]
