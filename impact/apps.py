from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = "Impact realisation"

    def ready(self):
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
