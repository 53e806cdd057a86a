from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = "Benchmarking"

    def ready(self):
        from benchmarking.models import Answer
        from organisations.signals import clear_on_leaving

        # Answers assigned to someone who leaves the force are nobody's until reassigned.
        clear_on_leaving(
            Answer, person="assigned_to", organisation="return_record__organisation_id", uid="answer-owner"
        )
        from benchmarking import signals  # noqa: F401  (connects its receivers)
