from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice library"

    def ready(self):
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
