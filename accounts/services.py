"""Writes to a user's own account settings."""

from django.db import transaction

from accounts.models import Profile, profile_of


@transaction.atomic
def profile_update(*, user, first_name: str, email: str, language: str) -> Profile:
    """Save the user's display name, email address and language (used for pages and emails)."""
    user.first_name = first_name
    user.email = email
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=["first_name", "email"])
    account = profile_of(user)
    account.language = language
    account.full_clean()
    account.save(update_fields=["language"])
    return account


@transaction.atomic
def password_set_by_admin(*, user) -> Profile:
    """A city admin created the user or reset their password: the user must choose their own at next login."""
    account = profile_of(user)
    account.must_change_password = True
    account.save(update_fields=["must_change_password"])
    return account
