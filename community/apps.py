from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "The practice community"

    def ready(self):
        from community import hub, signals  # noqa: F401  (a published plan version brings its spaces)
        from framework.hub import declare as on_action

        # The reader's force, when it shows a gap on the action: an offer of the action's space.
        on_action("force", 40, hub.force_part)
        # The action's space: its latest threads, and official answers shown as guidance.
        on_action("national", 40, hub.national_part)
