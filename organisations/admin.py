from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User
from core.models import Email
from organisations.access import is_national_admin
from organisations.models import Membership, Organisation, Region, SsoTenant


class NationalAdminSite(admin.AdminSite):
    """The Django admin, open to national admins only."""

    site_header = "NVAP Hub administration"
    site_title = "NVAP Hub administration"
    index_title = "Framework content, organisations and accounts"

    def has_permission(self, request):
        return request.user.is_active and is_national_admin(request.user)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in, but not a national admin: the admin is not for them.
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return redirect(f"{reverse('accounts:sign-in')}?next={request.get_full_path()}")


admin_site = NationalAdminSite(name="admin")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User, site=admin_site)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Status", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    filter_horizontal: list[str] = []


@admin.register(Region, site=admin_site)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class SsoTenantInline(admin.TabularInline):
    """The single sign-on tenants whose people may sign in to the organisation."""

    model = SsoTenant
    extra = 0
    fields = ["provider", "tenant_id"]


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(admin.ModelAdmin):
    inlines = [SsoTenantInline]
    list_display = ["name", "welsh_name", "kind", "region", "country"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "welsh_name", "short_name"]


@admin.register(Membership, site=admin_site)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Email, site=admin_site)
class EmailAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits for a retry, what failed and why. Read-only, and
    without bodies (a password reset link is a secret)."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    fields = ["to", "subject", "status", "attempts", "created_at", "sent_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
