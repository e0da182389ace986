from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from counties import roles

admin.site.site_header = "商丘市跨境电商三年行动计划跟踪平台"
admin.site.site_title = "跨境电商计划跟踪"
admin.site.index_title = "数据管理"


def _city_admins_only(request):
    """The admin shows every county's data unscoped, so only city admins (and superusers) may enter it."""
    user = request.user
    return user.is_active and user.is_staff and roles.is_city_admin(user)


admin.site.has_permission = _city_admins_only

urlpatterns = [
    path("admin/", admin.site.urls),
    # Anonymous visitors reach the login page only: no self-service password reset (no mail is set
    # up; a city admin resets passwords in the admin).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("counties.urls")),
    path("", include("enterprises.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("targets.urls")),
]
