from django.urls import path

from dashboards import views
from dashboards.views import bulletin as bulletin_views
from dashboards.views import map as map_views
from dashboards.views import screen as screen_views

urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.xlsx", views.overview_export, name="overview_export"),
    path("scorecard/", views.scorecard_latest, name="scorecard_latest"),
    path("scorecard/<int:year>/", views.scorecard, name="scorecard"),
    path("scorecard/<int:year>/export.xlsx", views.scorecard_export, name="scorecard_export"),
    path("counties/<str:code>/", views.county, name="county"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("milestones/", views.milestones, name="milestones"),
    path("forecast/", views.forecast, name="forecast"),
    path("map/<slug:subject>.json", map_views.county_map_data, name="county_map_data"),
    path("bulletins/", bulletin_views.bulletins, name="bulletins"),
    path("bulletins/new/", bulletin_views.bulletin_request, name="bulletin_request"),
    path("bulletins/<int:pk>/<slug:fmt>/", bulletin_views.bulletin_download, name="bulletin_download"),
    path("screen/", screen_views.screen, name="screen"),
    path("screen/data.json", screen_views.screen_data, name="screen_data"),
    path("screen/tokens/", screen_views.screen_tokens, name="screen_tokens"),
    path("screen/tokens/<int:pk>/revoke/", screen_views.screen_token_revoke, name="screen_token_revoke"),
]
