from django.urls import path

from quality.views import pages, reports

app_name = "quality"

urlpatterns = [
    path("quality/", pages.index, name="index"),
    path("quality/runs/", pages.run_list, name="runs"),
    path("quality/runs/<int:pk>/", pages.run_detail, name="run_detail"),
    path("quality/outliers/", pages.outliers, name="outliers"),
    path("quality/bounds/", pages.bounds, name="bounds"),
    path("quality/bounds/<int:pk>/", pages.bound_edit, name="bound_edit"),
    path("quality/follow-ups/", pages.follow_ups, name="follow_ups"),
    path("quality/follow-ups/<int:pk>/resolve/", reports.follow_up_resolve, name="follow_up_resolve"),
    path("quality/reports/<int:pk>/follow-ups/", reports.follow_up_create, name="follow_up_create"),
    path("quality/reports/<int:pk>/comments/", reports.comment_create, name="comment_create"),
]
