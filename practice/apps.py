from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice library"

    def ready(self):
        from practice import signals  # noqa: F401
