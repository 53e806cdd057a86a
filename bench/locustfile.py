"""Realistic signed-in journeys against a running NVAP Hub (bin/cluster), for bin/loadtest.

Everyone but the deadline's leads starts with a session made by bench/cluster.py (signing in
is PBKDF2 by design, about half a second of CPU). Force contributors open their return, answer and save, add evidence, read the national
picture and search the library; analysts review returns and read the picture; BI clients
page through the API with a token. LOAD_SCENARIO=deadline instead runs the last day of an
exercise: every force's lead submits its return once while contributors keep saving and
analysts read the live picture. Accounts come from var/cluster/*.json (bench/cluster.py).
"""

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from locust import FastHttpUser, between, task
from requests.cookies import create_cookie

DATA = Path(__file__).resolve().parent.parent / "var" / "cluster"
ACCOUNTS = json.loads((DATA / "accounts.json").read_text())
THINK = between(
    float(os.environ.get("LOAD_THINK_MIN", "0.5")), float(os.environ.get("LOAD_THINK_MAX", "1.5"))
)
SCENARIO = os.environ.get("LOAD_SCENARIO", "mix")
WORDS = [
    "referral",
    "missing children",
    "domestic abuse",
    "exploitation",
    "mental health",
    "training",
    "triage",
]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_contributors = itertools.cycle(ACCOUNTS["contributors"])
_analyst_sessions = itertools.cycle(ACCOUNTS["analyst_sessions"])


class FormFields(HTMLParser):
    """The fields of the first form whose action contains `action`, as a browser would send."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields, self.textarea = action, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.fields and self.action in (attrs.get("action") or ""):
            self.inside = True
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind != "file":
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif self.inside and tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_of(html: str, action: str) -> dict:
    parser = FormFields(action)
    parser.feed(html)
    return parser.fields


class SignedIn(FastHttpUser):
    """A person in a browser. Locust's lighter HTTP client (geventhttpclient): the load comes
    from the same two cores as the service, and the less of them the client takes, the more
    the figures measure the service."""

    abstract = True
    wait_time = THINK

    def sign_in(self, email: str) -> None:
        """The sign-in page, then (for leads) the second step with their app's code now."""
        from binascii import unhexlify

        from django_otp.oath import TOTP

        went = self.post_page(
            "/accounts/sign-in/", {"email": email, "password": ACCOUNTS["password"]}, "Sign in"
        )
        if went and "/accounts/verify/" in went:
            code = f"{TOTP(unhexlify(ACCOUNTS['totp_key'])).token():06d}"
            self.post_page("/accounts/verify/", {"code": code}, "Sign in: second step")

    def post_page(self, url: str, data: dict, name: str) -> str | None:
        """Opens a page and sends its form; where it went next, or None when it was refused."""
        page = self.client.get(url, name=name + " page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": token},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name} refused")
                return None
            return response.headers.get("Location", "")

    def use_session(self, key: str) -> None:
        self.client.cookiejar.set_cookie(create_cookie("sessionid", key, domain=urlsplit(self.host).hostname))

    def save_form(self, page_url: str, action: str, name: str, change: dict, files=None):
        page = self.client.get(page_url, name=name + " page")
        fields = form_of(page.text, action)
        if not fields:
            return
        fields.update(change)
        with self.client.post(
            action, data=fields, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 400 and "Their version and yours" in response.text:
                # Two colleagues saved the same answer at once: the second is shown both
                # versions and loses nothing. That is the service working, not an error.
                response.success()
                self.environment.events.request.fire(
                    request_type="POST",
                    name=name + " (edit conflict shown)",
                    response_time=0,
                    response_length=0,
                    exception=None,
                    context={},
                )
            elif response.status_code != 302:
                response.failure(f"{name}: {response.status_code}")


class ForceContributor(SignedIn):
    weight = 6

    def on_start(self):
        self.me = next(_contributors)
        self.use_session(self.me["session"])

    @task(6)
    def answer_and_save(self):
        answer = random.choice(self.me["answers"])
        url = f"/benchmarking/returns/{self.me['return']}/answers/{answer}/"
        text = "Our work on this action, updated under load. " * random.randint(2, 6)
        self.save_form(url, url, "Answer: save", {"what_we_are_doing": text})

    @task(4)
    def return_page(self):
        self.client.get(f"/benchmarking/returns/{self.me['return']}/", name="Return page")

    @task(1)
    def add_evidence(self):
        answer = random.choice(self.me["answers"])
        url = f"/benchmarking/returns/{self.me['return']}/answers/{answer}/evidence/"
        page = self.client.get(url, name="Evidence page")
        fields = {k: v for k, v in form_of(page.text, url).items() if not k.startswith("link_")}
        fields.update({"kind": "file", "file_title": "Terms of reference"})
        with self.client.post(
            url,
            data=fields,
            files={"upload": ("tor.pdf", PDF, "application/pdf")},
            name="Evidence: upload",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"upload: {response.status_code}")

    @task(3)
    def national_picture(self):
        self.client.get(
            f"/benchmarking/exercises/{ACCOUNTS['published_exercise']}/picture/", name="National picture"
        )

    @task(2)
    def force_report(self):
        self.client.get(f"/benchmarking/returns/{self.me['published_return']}/report/", name="Force report")

    @task(4)
    def search_library(self):
        self.client.get("/practice/", params={"q": random.choice(WORDS)}, name="Library: search")

    @task(2)
    def library_entry(self):
        self.client.get(
            f"/practice/library/{random.choice(ACCOUNTS['library_entries'])}/", name="Library: entry"
        )

    @task(2)
    def impact_dashboard(self):
        self.client.get("/impact/", name="Impact: dashboard")

    @task(1)
    def measure(self):
        if self.me["measures"]:
            self.client.get(f"/impact/measures/{random.choice(self.me['measures'])}/", name="Impact: measure")

    @task(1)
    def home(self):
        self.client.get("/", name="Home")


class Analyst(SignedIn):
    weight = 2

    def on_start(self):
        self.use_session(next(_analyst_sessions))

    @task(3)
    def review(self):
        self.client.get(
            f"/benchmarking/returns/{random.choice(ACCOUNTS['review_returns'])}/review/", name="Review page"
        )

    @task(3)
    def picture(self):
        self.client.get(
            f"/benchmarking/exercises/{ACCOUNTS['published_exercise']}/picture/", name="National picture"
        )

    @task(1)
    def benchmarking_home(self):
        self.client.get("/benchmarking/", name="Benchmarking home")

    @task(1)
    def library_facets(self):
        self.client.get(
            "/practice/", params={"strand": "mental-health", "stage": "independent"}, name="Library: facets"
        )


_tokens = itertools.cycle(ACCOUNTS["tokens"])


class BIClient(FastHttpUser):
    """A BI tool of one analyst's, with its own personal token (the API's rate limit is per person)."""

    weight = 1
    wait_time = THINK

    def on_start(self):
        self.token = next(_tokens)

    @task
    def page_the_api(self):
        headers = {"Authorization": f"Bearer {self.token}"}
        exercise = ACCOUNTS["published_exercise"]
        page = random.randint(1, 7)
        self.client.get(
            f"/api/v1/exercises/{exercise}/answers/?page={page}", headers=headers, name="API: answers page"
        )
        self.client.get(
            "/api/v1/practice/",
            params={"q": random.choice(WORDS), "page_size": 100},
            headers=headers,
            name="API: practice page",
        )


if SCENARIO == "deadline":
    DEADLINE = json.loads((DATA / "deadline.json").read_text())
    _forces = iter(DEADLINE["forces"])
    _sessions = {person["email"]: person["session"] for person in ACCOUNTS["contributors"]}
    _savers = itertools.cycle(
        [(force, email) for force in DEADLINE["forces"] for email in force["contributors"][:2]]
    )

    class Lead(SignedIn):
        """Each force's lead, once: opens the return, checks it, submits (double-clicking)."""

        weight = 44
        fixed_count = 44

        def on_start(self):
            self.force = next(_forces, None)
            if self.force:
                self.sign_in(self.force["email"])
            self.done = self.force is None

        @task
        def submit(self):
            if self.done:
                self.wait()
                return
            record = self.force["return"]
            self.client.get(f"/benchmarking/returns/{record}/", name="Deadline: return page")
            url = f"/benchmarking/returns/{record}/submit/"
            page = self.client.get(url, name="Deadline: submit page")
            fields = form_of(page.text, url)
            fields["declaration"] = "on"
            # A double-click sends the form twice: the first submits, the second is refused
            # (the return is no longer open), which is what should happen.
            self.client.post(url, data=fields, name="Deadline: submit", allow_redirects=False)
            with self.client.post(
                url,
                data=fields,
                name="Deadline: submit, second click",
                allow_redirects=False,
                catch_response=True,
            ) as again:
                if again.status_code == 403:  # no longer open: refused, as it should be
                    again.success()
            self.done = True

    class DeadlineContributor(SignedIn):
        weight = 88
        fixed_count = 88

        def on_start(self):
            self.force, email = next(_savers)
            self.use_session(_sessions[email])

        @task
        def save(self):
            answer = random.choice(self.force["answers"])
            url = f"/benchmarking/returns/{self.force['return']}/answers/{answer}/"
            page = self.client.get(url, name="Deadline: answer page")
            fields = form_of(page.text, url)
            if fields:
                fields["what_we_are_doing"] = "Last-minute wording. " * random.randint(2, 5)
                # Saves after the lead submitted are refused (the return is locked): expected.
                with self.client.post(
                    url, data=fields, name="Deadline: answer save", allow_redirects=False, catch_response=True
                ) as response:
                    if response.status_code == 403:  # the lead has submitted: the return is locked
                        response.success()
                        name = "Deadline: answer save refused (return submitted or edited at once)"
                        self.environment.events.request.fire(
                            request_type="POST",
                            name=name,
                            response_time=0,
                            response_length=0,
                            exception=None,
                            context={},
                        )
                    elif response.status_code == 400 and "Their version and yours" in response.text:
                        response.success()
                    elif response.status_code == 400 and "submitted while you were editing" in response.text:
                        # The lead submitted between the page's check and the save: refused
                        # under the lock, the words kept in the form. Expected on deadline day.
                        response.success()
                        self.environment.events.request.fire(
                            request_type="POST",
                            name="Deadline: answer save refused (submitted while editing)",
                            response_time=0,
                            response_length=0,
                            exception=None,
                            context={},
                        )
                    elif response.status_code != 302:
                        response.failure(f"answer save: {response.status_code}")

    class LiveAnalyst(SignedIn):
        weight = 20
        fixed_count = 20

        def on_start(self):
            self.use_session(next(_analyst_sessions))

        @task
        def live(self):
            self.client.get(
                f"/benchmarking/exercises/{DEADLINE['exercise']}/", name="Deadline: exercise page"
            )
            self.client.get(
                f"/benchmarking/exercises/{DEADLINE['exercise']}/picture/", name="Deadline: live picture"
            )
