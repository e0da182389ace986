from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic.base import RedirectView

from accounts import views as account_views
from counties import roles
from signin import twofactor
from signin import views as signin_views

admin.site.site_header = _("商丘市跨境电商三年行动计划跟踪平台")
admin.site.site_title = _("跨境电商计划跟踪")
admin.site.index_title = _("数据管理")


def _city_admins_only(request):
    """The admin shows every county's data unscoped, so only city admins (and superusers) may enter it, and only
    from a session verified by their second factor (django-otp's ``is_verified``)."""
    user = request.user
    return user.is_active and user.is_staff and roles.is_city_admin(user) and twofactor.is_verified(user)


admin.site.has_permission = _city_admins_only


def _admin_login_or_no_access(request):
    """A signed-in user who may not enter the admin is told so, instead of being sent to a second login form."""
    if request.user.is_authenticated and not admin.site.has_permission(request):
        if roles.is_city_admin(request.user) and not twofactor.is_verified(request.user):
            return redirect_to_login(request.GET.get("next") or "/admin/", login_url="signin:verify")
        return account_views.admin_no_access(request)
    return signin_views.admin_login(request)


class _FaviconRedirect(RedirectView):
    """/favicon.ico to the icon's static URL, looked up per request: at import time the manifest of hashed
    names may not exist yet (``migrate`` and ``check`` run before ``collectstatic`` on a new release)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (a PDF, a raw file): send them to the real one.
    path("favicon.ico", _FaviconRedirect.as_view(), name="favicon"),
    # The admin signs in through the portal's login (lockout, throttling, two-factor), never its own form.
    path("admin/login/", _admin_login_or_no_access, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
    # Anonymous visitors reach the login page only: no self-service password reset (no mail is set
    # up; a city admin resets passwords in the admin).
    path("accounts/login/", signin_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", account_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("signin.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("counties.urls")),
    path("", include("enterprises.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("quality.urls")),
    path("", include("targets.urls")),
    path("", include("dashboards.urls")),
    path("", include("milestones.urls")),
    path("", include("jobs.urls")),
]
