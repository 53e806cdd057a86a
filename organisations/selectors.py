from organisations.models import Membership, Organisation


def members_of(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__email")
    )
