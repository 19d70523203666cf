"""Django's model backend, reading a user's own and group permissions in one query instead of two.

Every staff API request checks the caller's role; ModelBackend asks for the
user's permissions and for their groups' in two queries. One UNION asks
both at once. Everything else (authentication, inactive and superusers, the
per-user cache) is ModelBackend's own.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend


class OneQueryModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None or user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj=obj)
        if not hasattr(user_obj, "_perm_cache"):
            own, groups = (
                permissions.values_list("content_type__app_label", "codename").order_by()
                for permissions in (self._get_user_permissions(user_obj), self._get_group_permissions(user_obj))
            )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in own.union(groups)}
        return user_obj._perm_cache
