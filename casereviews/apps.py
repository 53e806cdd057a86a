from django.apps import AppConfig


class CaseReviewsConfig(AppConfig):
    name = "casereviews"
    verbose_name = "Learning from safeguarding case reviews"

    def ready(self):
        from casereviews import hub
        from framework.hub import declare as on_action

        # What case reviews tell us about each action, for everyone who reads the plan signed in.
        on_action("national", 30, hub.national_part)
