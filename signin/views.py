"""The sign-in pages: the login form with the username-wide limit in front of it, leading on to the second factor."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from signin import throttle, twofactor


class LoginView(auth_views.LoginView):
    """Django's login, refusing to check a password for a username under attack from an unknown browser."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if not throttle.may_try(request, username):
            # An unbound form: binding would check the password, which is exactly what is refused here.
            form = self.get_form_class()(request, initial={"username": username})
            context = self.get_context_data(form=form)
            context["throttle_message"] = _(
                "该账号近期在多处登录失败次数异常。为保护账号，暂时只能在此前成功登录过的电脑上登录；"
                "请稍后再试，或联系市商务局管理员。"
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        step = twofactor.pending_step(self.request)
        if step is None:
            throttle.remember_device(self.request, response, form.get_user().get_username())
            return response
        # The browser becomes "known" for the username only once the second factor is given too.
        target = reverse("signin:verify" if step == twofactor.VERIFY else "signin:setup")
        return redirect(f"{target}?{urlencode({'next': self.get_success_url()})}")


def admin_login(request):
    """The admin's own login form would bypass the portal's protections: send it to the portal's login."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect_to_login(target)
