from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "商丘市跨境电商三年行动计划跟踪平台"
admin.site.site_title = "跨境电商计划跟踪"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("counties.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("targets.urls")),
]
