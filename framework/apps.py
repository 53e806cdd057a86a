from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "framework"
    verbose_name = "The plan"
