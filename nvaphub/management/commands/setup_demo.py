from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from benchmarking.demo import (
    demo_baseline_create,
    demo_exercise_create,
    demo_positions_create,
    demo_similar_forces_create,
)
from casereviews.demo import demo_case_reviews_create
from community.demo import demo_community_create
from deaths.demo import demo_deaths_create, demo_people_create
from impact.demo import demo_plans_create
from organisations.demo import DEMO_PASSWORD, demo_accounts_create, demo_team_create
from practice.demo import demo_examples_from_baseline, demo_practice_create
from reviews.demo import demo_reviews_create


class Command(BaseCommand):
    help = (
        "Loads the organisations, the NVAP and the draft of its successor, then creates one demo account per role and "
        "prints them. Refuses to create accounts when DEBUG is off."
    )

    def handle(self, *args, **options):
        content = settings.BASE_DIR / "content"
        call_command("load_organisations", str(content / "organisations.yaml"), stdout=self.stdout)
        # The PEEL edition the plan's measures come from, where its links meet across frameworks.
        call_command("load_framework", str(content / "frameworks" / "peel-2023-25"), stdout=self.stdout)
        call_command("load_framework", str(content / "frameworks" / "nvap"), stdout=self.stdout)
        # The successor strategy's known structure, as a draft the national team completes.
        call_command("load_framework", str(content / "frameworks" / "nvpps"), stdout=self.stdout)
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: demo accounts are never created outside development.")
        accounts = demo_accounts_create()
        deaths_people = demo_people_create()
        # The demo's own steps notify people; nobody needs those emails.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            if demo_baseline_create():
                self.stdout.write(
                    "Published a past exercise, the 2019 baseline: 43 of 44 forces returned and reviewed."
                )
            if demo_exercise_create():
                self.stdout.write("Opened a demo benchmarking exercise; Norfolk's return is started.")
            if demo_positions_create():
                self.stdout.write(
                    "Gave every force that returned the 2019 baseline standing positions from it, due for review."
                )
            if demo_similar_forces_create():
                self.stdout.write(
                    "Gave Norfolk, Suffolk, Essex and Kent illustrative comparison groups (most similar forces)."
                )
            if demo_plans_create():
                self.stdout.write(
                    "Added demo impact realisation plans for 2.2.1 (Norfolk, Kent, Suffolk and Essex)."
                )
            if demo_team_create():
                self.stdout.write(
                    "Norfolk's lead has invited new.colleague@norfolk.demo (the link is in var/emails/), "
                    "and every force's leads are asked to confirm their team."
                )
            if demo_practice_create():
                self.stdout.write(
                    "Added a demo call for practice, two published examples and one awaiting assessment."
                )
            if demo_reviews_create():
                self.stdout.write(
                    "Added two peer reviews: Norfolk's of 2.4.1 being scoped, and Kent's of 2.6.2 with its "
                    "final report and action plan, six months on."
                )
            if demo_case_reviews_create():
                self.stdout.write(
                    "Recorded 25 safeguarding case reviews (20 with published learning) and published a "
                    "quarterly briefing on 2024's learning."
                )
            if demo_deaths_create():
                self.stdout.write(
                    "Added three years of synthetic domestic abuse-related death notifications; Norfolk has a "
                    "draft and a question from the national team to answer."
                )
            if demo_community_create():
                self.stdout.write(
                    "Opened the community: a space for each action, three national spaces, a question in "
                    "2.2.1 answered by the national team, a discussion and an event."
                )
            made = demo_examples_from_baseline("2019 baseline")
            if made:
                self.stdout.write(
                    f"Made {made} practice examples from the 2019 baseline's promising practice: "
                    "all but three published."
                )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("Leads and national accounts then ask for a code: `manage.py demo_code` prints it.")
        for email, role, organisation in accounts:
            self.stdout.write(f"  {email:<40} {role} – {organisation}")
        self.stdout.write("Deaths repository (restricted; each also asks for the demo code):")
        for email, role, organisation in deaths_people:
            self.stdout.write(f"  {email:<40} {role} – {organisation}")
