from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = "Organisations and roles"

    def ready(self):
        from organisations import signals  # noqa: F401
