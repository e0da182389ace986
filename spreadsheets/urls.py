from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("spreadsheets/", views.index, name="index"),
    path("spreadsheets/template/<slug:key>.<slug:fmt>", views.template, name="template"),
    path("spreadsheets/export/<slug:key>.<slug:fmt>", views.export, name="export"),
    path("spreadsheets/import/<slug:key>/", views.import_preview, name="import"),
    path("spreadsheets/uploads/<uuid:pk>/", views.upload_detail, name="upload"),
    path("spreadsheets/uploads/<uuid:pk>/confirm/", views.upload_confirm, name="upload_confirm"),
]
