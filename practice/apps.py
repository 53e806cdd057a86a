from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice library"

    def ready(self):
        from framework.attached import declare as counts_work
        from framework.hub import declare as on_action
        from practice.selectors import work_on_actions

        # Counted before a version that leaves actions out is published.
        counts_work(work_on_actions)
        from practice import hub

        # What practice says on each action's page: the reader's force, and across forces.
        on_action("force", 30, hub.force_part)
        on_action("national", 30, hub.national_part)
        from organisations.ownership import declare
        from practice import signals  # noqa: F401
        from practice.models import Example

        # Examples owned by someone who leaves the force are nobody's until reassigned.
        declare(
            Example,
            person="owner",
            organisation="organisation_id",
            noun=("practice example", "practice examples"),
            uid="example-owner",
        )
