from django.contrib.auth.backends import BaseBackend

from organisations.access import is_national_admin


class NationalAdminBackend(BaseBackend):
    """National admins hold every model permission, so they can use the Django admin."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and is_national_admin(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and is_national_admin(user_obj)
