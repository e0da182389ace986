"""Account pages in the portal's look: profile, password change (also forced at first login), error pages
and the page a signed-in user who is not a city admin sees instead of the admin's login form."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import ProfileForm
from accounts.models import profile_of
from accounts.services import profile_update
from accounts.signals import SESSION_KEY


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The user's name, email and language; the password and notification settings are linked from here."""
    account = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=request.user, language=account.language)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("个人资料已保存。"))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", form.cleaned_data["language"], samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form, "account": account})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, in the portal's look; it also lifts the first-login gate."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        return super().get_context_data(must_change=bool(self.request.session.get(SESSION_KEY)), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        account = profile_of(self.request.user)
        if account.must_change_password:
            account.must_change_password = False
            account.save(update_fields=["must_change_password"])
        self.request.session.pop(SESSION_KEY, None)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def admin_no_access(request):
    """Shown (403) to a signed-in user who is not a city admin, instead of a second login form."""
    return render(request, "accounts/admin_no_access.html", status=403)


def _back_url(request) -> str | None:
    """The page the user came from, if it is one of ours (a way back from an error page)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return None


def permission_denied(request, exception=None):
    return render(request, "403.html", {"back_url": _back_url(request)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"back_url": _back_url(request)}, status=404)
