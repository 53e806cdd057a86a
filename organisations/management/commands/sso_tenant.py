from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from organisations.models import Organisation, SsoTenant


class Command(BaseCommand):
    help = (
        "Lists, adds or removes the single sign-on tenants whose people may sign in to an "
        "organisation: `sso_tenant list`, `sso_tenant add <organisation slug> <tenant id>`, "
        "`sso_tenant remove <organisation slug> <tenant id>` (--provider oidc for the second provider)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "add", "remove"])
        parser.add_argument("organisation", nargs="?")
        parser.add_argument("tenant_id", nargs="?")
        parser.add_argument("--provider", default="entra")

    def handle(self, action, organisation=None, tenant_id=None, provider="entra", **options):
        if action == "list":
            for tenant in SsoTenant.objects.select_related("organisation"):
                self.stdout.write(f"{tenant.organisation.slug:<40} {tenant.provider:<8} {tenant.tenant_id}")
            return
        if not organisation or not tenant_id:
            raise CommandError(
                f"Give the organisation's slug and the tenant id: sso_tenant {action} <slug> <id>"
            )
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(
                f"No organisation {organisation!r}: `sso_tenant list` or the admin shows the slugs."
            )
        tenant = SsoTenant(organisation=found, provider=provider, tenant_id=tenant_id)
        try:
            tenant.clean()
        except ValidationError as problem:
            raise CommandError(
                " ".join(m for messages in problem.message_dict.values() for m in messages)
            ) from None
        if action == "remove":
            removed, _ = SsoTenant.objects.filter(
                organisation=found, provider=provider, tenant_id=tenant.tenant_id
            ).delete()
            if not removed:
                raise CommandError(f"{found.name} has no {provider} tenant {tenant.tenant_id}.")
            self.stdout.write(
                f"Removed: {found.name} no longer signs in with {provider} tenant {tenant.tenant_id}."
            )
            return
        try:
            with transaction.atomic():
                tenant.save()
        except IntegrityError:
            owner = SsoTenant.objects.get(provider=provider, tenant_id=tenant.tenant_id).organisation
            raise CommandError(f"That tenant is already {owner.name}'s.") from None
        self.stdout.write(
            f"Added: people of {provider} tenant {tenant.tenant_id} may sign in to {found.name}."
        )
