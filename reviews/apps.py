from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "NVAP action peer reviews"

    def ready(self):
        from framework.hub import declare as on_action
        from reviews import hub

        # The reader's force's review findings on each action's page.
        on_action("force", 40, hub.force_part)
