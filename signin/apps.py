from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Signing in safely: the client's address behind the proxy, login throttling, 2FA, the idle timeout."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "signin"
    verbose_name = _("登录安全")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from signin import notices, throttle, twofactor

        notices.register_kinds()

        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="signin.throttle.on_login_failed")
        user_logged_in.connect(twofactor.note_login, dispatch_uid="signin.twofactor.note_login")
        user_logged_in.connect(_fresh_session, dispatch_uid="signin.middleware.note_activity")


def _fresh_session(sender, request, user, **kwargs):
    """A new login starts the idle clock afresh."""
    from signin.middleware import note_activity

    if request is not None and hasattr(request, "session"):
        note_activity(request)
