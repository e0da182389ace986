"""Who may see whose jobs. The jobs app serves every domain app, so it does not import them: the
function deciding who sees every job is named by the ``JOBS_SEES_ALL`` setting."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _sees_all_hook():
    path = getattr(settings, "JOBS_SEES_ALL", "")
    return import_string(path) if path else (lambda user: user.is_superuser)


def sees_all_jobs(user) -> bool:
    """True for users who may open any user's job (city admins); others see their own only."""
    return bool(user.is_authenticated and _sees_all_hook()(user))
