from django.urls import path

from targets import views

urlpatterns = [
    path("", views.home, name="home"),
    path("overview/export.xlsx", views.overview_export, name="overview_export"),
    path("scorecard/", views.scorecard_latest, name="scorecard_latest"),
    path("scorecard/<int:year>/", views.scorecard, name="scorecard"),
    path("scorecard/<int:year>/export.xlsx", views.scorecard_export, name="scorecard_export"),
    path("counties/<str:code>/", views.county, name="county"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("milestones/", views.milestones, name="milestones"),
    path("forecast/", views.forecast, name="forecast"),
    path("targets/export/<str:fmt>/", views.export_targets, name="export_targets"),
]
