"""Signing in with a username and password: Django's ``ModelBackend``, reading the user's roles with them.

Every request loads the signed-in user (``get_user``) and nearly every page then asks for the user's roles
(``counties.roles``): Django groups, and for county staff the county of their membership. Here the user,
the names of their groups and their membership come in one query (a join, one row per group) instead of
three; the roles helpers use what was read."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from counties import roles


class RoleAwareBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.filter(pk=user_id).select_related("membership")
        rows = list(users.annotate(_role_name=F("groups__name")))
        if not rows:
            return None
        user = rows[0]
        roles.remember_groups(user, {row._role_name for row in rows if row._role_name})
        return user if self.user_can_authenticate(user) else None
