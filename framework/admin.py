"""The plan in the admin, read-only: its content changes only through reviewed YAML files
loaded with `manage.py load_framework`, so that every change is reviewed and versioned."""

from django.contrib import admin

from framework import models as m
from organisations.admin import admin_site


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Framework, site=admin_site)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "name", "slug"]


@admin.register(m.FrameworkVersion, site=admin_site)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["framework", "label", "title", "status", "is_partial", "content_changed_at"]
    list_filter = ["framework", "status"]


@admin.register(m.Action, site=admin_site)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "version", "theme", "scope", "interim"]
    list_filter = ["version__framework", "version", "scope", "interim"]
    search_fields = ["code", "title", "detail"]


@admin.register(m.CrosswalkLink, site=admin_site)
class CrosswalkLinkAdmin(ReadOnlyAdmin):
    list_display = ["source", "relation", "target"]
