from django.urls import path

from milestones import views

app_name = "milestones"

urlpatterns = [
    path("milestones/<int:pk>/", views.detail, name="detail"),
    path("milestones/<int:pk>/record/", views.record, name="record"),
    path("milestones/files/<uuid:key>/", views.attachment, name="attachment"),
]
