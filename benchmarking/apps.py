from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = "Benchmarking"

    def ready(self):
        from benchmarking import hub
        from benchmarking.selectors import work_on_actions
        from framework.attached import declare as counts_work
        from framework.hub import declare as on_action

        # Counted before a version that leaves actions out is published.
        counts_work(work_on_actions)
        from benchmarking import selectors as benchmarking_selectors
        from benchmarking import services as benchmarking_services
        from framework.carrying import Carrier
        from framework.carrying import declare as carries

        # Carried to a successor's elements through the crosswalk.
        carries(
            Carrier(
                propose=benchmarking_selectors.positions_to_carry, carry=benchmarking_services.positions_carry
            )
        )

        # What benchmarking says on each action's page: the reader's force, and across forces.
        on_action("force", 10, hub.force_part)
        on_action("national", 10, hub.national_part)
        from benchmarking.models import Answer
        from organisations.ownership import declare

        # Answers are assigned to people; those in open exercises are what they own now. An
        # answer of someone who leaves the force is nobody's until reassigned.
        declare(
            Answer,
            person="assigned_to",
            organisation="return_record__organisation_id",
            noun=("answer to write", "answers to write"),
            only={"return_record__exercise__status": "open"},
            uid="answer-owner",
        )
        from benchmarking import signals  # noqa: F401  (connects its receivers)
