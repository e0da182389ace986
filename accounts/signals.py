"""Keep the "must change the initial password" flag in the session, so the gate costs no query per page."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.models import profile_of

SESSION_KEY = "cbec_must_change_password"


@receiver(user_logged_in, dispatch_uid="accounts.remember_password_flag")
def remember_password_flag(sender, request, user, **kwargs):
    """Read the flag once, at login. An admin's reset changes the password hash, which ends the user's
    sessions, so the next login reads the new flag."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = profile_of(user).must_change_password
