from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = "Impact realisation"

    def ready(self):
        from impact import signals  # noqa: F401
