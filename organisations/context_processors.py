from organisations.access import can
from organisations.roles import Can


class Capabilities:
    """`{% if can.review_returns %}`: the signed-in person's national capabilities, from the
    one roles table, worked out only when a template asks."""

    def __init__(self, user):
        self.user = user

    def __getitem__(self, name: str) -> bool:
        try:
            capability = Can(name)
        except ValueError:
            raise KeyError(name) from None
        return self.user is not None and self.user.is_authenticated and can(self.user, capability)


def capabilities(request):
    return {"can": Capabilities(getattr(request, "user", None))}
