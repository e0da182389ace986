from django.urls import path

from counties import todo_views, views

urlpatterns = [
    path("todo/", todo_views.todo_page, name="todo"),
    path("my/", views.my_county, name="my_county"),
    path("workspace/<str:code>/", views.workspace, name="workspace"),
    path("workspace/<str:code>/reports/<int:year>/<int:quarter>/", views.report_form, name="report_form"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("review/", views.review_queue, name="review_queue"),
    path("timeliness/", views.timeliness, name="timeliness"),
]
