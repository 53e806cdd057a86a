from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = "Impact realisation"

    def ready(self):
        from framework.attached import declare as counts_work
        from framework.hub import declare as on_action
        from impact.selectors import work_on_actions

        # Counted before a version that leaves actions out is published.
        counts_work(work_on_actions)
        from framework.carrying import Carrier
        from framework.carrying import declare as carries
        from impact import selectors as impact_selectors
        from impact import services as impact_services

        # Carried to a successor's elements through the crosswalk.
        carries(Carrier(propose=impact_selectors.plans_to_carry, carry=impact_services.plans_carry))
        from impact import hub

        # What impact says on each action's page: the reader's force, and across forces.
        on_action("force", 20, hub.force_part)
        on_action("national", 20, hub.national_part)
        from impact import signals  # noqa: F401  (moves a force's ForceImpactState)
        from impact.models import PlanObjective
        from organisations.ownership import declare

        # Objectives owned by someone who leaves the force are nobody's until reassigned.
        declare(
            PlanObjective,
            person="impact_owner",
            organisation="plan__organisation_id",
            noun=("impact objective", "impact objectives"),
            uid="objective-owner",
        )
