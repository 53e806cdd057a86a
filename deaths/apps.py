from django.apps import AppConfig


class DeathsConfig(AppConfig):
    name = "deaths"
    verbose_name = "Domestic abuse-related deaths"

    def ready(self):
        from deaths import signals  # noqa: F401  (grants end when their holder leaves the organisation)
