"""The first-login gate: a user whose password was set by an admin changes it before doing anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.signals import SESSION_KEY

# Paths a user with an initial password may still open: the account pages themselves (login, logout,
# password change and any other sign-in step kept under /accounts/), the language switch and static
# files. Views marked as a sign-in step (``signin_step``, the two-factor pages) pass too: the
# two-factor gate runs first, then this one.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class ForcePasswordChange:
    """Sends a user flagged ``must_change_password`` (read into the session at login) to the password page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.session.get(SESSION_KEY)
            and request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not getattr(view_func, "signin_step", False)
        ):
            messages.warning(request, _("您的密码由管理员设置，请先修改密码再继续使用。"))
            return redirect(reverse("password_change"))
        return None
