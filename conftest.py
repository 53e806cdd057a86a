"""The cast every test can use: an editor and a viewer of force A, a lead of force B, a
national analyst and a national admin; the organisations and the plan, loaded on demand.
"""

from pathlib import Path

import pytest

from accounts.models import User
from organisations.models import Membership, Organisation

ROOT = Path(__file__).resolve().parent
NVAP = ROOT / "content" / "frameworks" / "nvap"
ORGANISATIONS = ROOT / "content" / "organisations.yaml"
PASSWORD = "a-long-test-password-1"


def ensure_content():
    """Loads the organisations and the NVAP unless they are already in the database."""
    from framework.loader import load_framework
    from framework.models import Framework
    from organisations.loader import load_organisations

    if not Organisation.objects.exists():
        load_organisations(ORGANISATIONS)
    if not Framework.objects.filter(slug="nvap").exists():
        load_framework(NVAP)
    from practice.models import Strand
    from practice.strands import ensure_strands

    if not Strand.objects.exists():
        ensure_strands()
    from casereviews.models import LearningTheme
    from casereviews.themes import ensure_themes

    if not LearningTheme.objects.exists():
        ensure_themes()
    from deaths.lists import ensure_terms
    from deaths.models import Term

    if not Term.objects.exists():
        ensure_terms()
    from community.models import Space
    from community.services import spaces_for_plan

    if not Space.objects.filter(kind=Space.Kind.ACTION).exists():
        spaces_for_plan("nvap")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the organisations and the plan once; each test's transaction rolls back to this."""
    with django_db_blocker.unblock():
        ensure_content()


@pytest.fixture(scope="session", autouse=True)
def own_redis_database(worker_id):
    """With REDIS_URL set, each test process uses a Redis database of its own, so one
    process's cache.clear() never empties another's."""
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings
    from django.test.utils import override_settings

    cache_settings = settings.CACHES["default"]
    if "redis" not in cache_settings["BACKEND"].lower():
        yield
        return
    number = 1 + (int(worker_id[2:]) if worker_id.startswith("gw") else 0)
    url = urlsplit(cache_settings["LOCATION"])
    location = urlunsplit(url._replace(path=f"/{number}"))
    with override_settings(CACHES={"default": {**cache_settings, "LOCATION": location}}):
        yield


@pytest.fixture(scope="session", autouse=True)
def object_store_bucket():
    """With S3_BUCKET set, the bucket the tests' uploads go to exists (a fresh S3-compatible
    server, such as moto's, starts empty)."""
    from django.conf import settings

    if settings.S3_BUCKET:
        from botocore.exceptions import ClientError
        from django.core.files.storage import default_storage

        bucket = default_storage.bucket  # type: ignore[attr-defined]
        if bucket.creation_date is None:
            region = default_storage.region_name  # type: ignore[attr-defined]
            where = {"CreateBucketConfiguration": {"LocationConstraint": region}} if region else {}
            try:
                bucket.create(**where)
            except ClientError as error:
                # Another test process made it a moment ago: it is there, as wanted.
                if error.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
                    raise


@pytest.fixture(autouse=True)
def english_to_start():
    """Each test starts in English, as each request does (LocaleMiddleware sets the page's
    language and leaves it set on the thread): no Welsh carried over from an earlier test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: no rendering, count or API rate-limit tally
    carried over from an earlier test (database ids repeat between tests)."""
    from core import cache as core_cache

    core_cache.clear()


@pytest.fixture(autouse=True)
def every_page_is_checked(monkeypatch):
    """The page checker (core.testing.assert_good_page) runs on every HTML page any test's
    client fetches, so no test can pass over a broken page."""
    from django.test import Client

    from core.testing import assert_good_page, is_page

    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        # Django's own admin pages are Django's markup, not the service's.
        if is_page(response) and not kwargs.get("PATH_INFO", "").startswith("/admin/"):
            assert_good_page(response)
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(autouse=True)
def force_login_passes_both_steps(monkeypatch):
    """`client.force_login(person)` stands for someone fully signed in: past their password
    and, where they need one, their second factor. Tests of the second step itself sign in
    through the pages, or pass `second_factor=False`."""
    import time

    from django.test.client import ClientMixin

    from accounts import mfa

    original = ClientMixin.force_login

    def force_login(self, user, backend=None, second_factor=True):
        original(self, user, backend)
        if second_factor:
            session = self.session
            session[mfa.MFA_AT] = int(time.time())
            session[mfa.MFA_HOW] = "app"
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def one_work_count_window(monkeypatch):
    """The header's "Your work" count is kept for a window of time (nvaphub.work): in tests
    the window never ends, so a page's query count cannot change because a window happened to
    close between two requests."""
    monkeypatch.setattr("nvaphub.work.COUNT_SECONDS", 10**12)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash passwords with a fast hasher; production keeps Django's default (PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def content(db):
    ensure_content()


def _member(email, slug, role):
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, organisation=Organisation.objects.get(slug=slug), role=role)
    return user


@pytest.fixture
def cast(content):
    Role = Membership.Role
    return {
        "editor_a": _member("editor@force-a.test", "norfolk-constabulary", Role.CONTRIBUTOR),
        "lead_a": _member("lead@force-a.test", "norfolk-constabulary", Role.FORCE_LEAD),
        "viewer_a": _member("viewer@force-a.test", "norfolk-constabulary", Role.VIEWER),
        "lead_b": _member("lead@force-b.test", "kent-police", Role.FORCE_LEAD),
        "analyst": _member("analyst@vkpp.test", "vkpp", Role.NATIONAL_ANALYST),
        "admin": _member("admin@vkpp.test", "vkpp", Role.NATIONAL_ADMIN),
        "inspector": _member("inspector@hmicfrs.test", "hmicfrs", Role.INSPECTOR),
    }


@pytest.fixture
def signed_in(client, cast):
    """A test client signed in as force A's editor."""
    client.force_login(cast["editor_a"])
    return client


def run_queued_tasks() -> None:
    """Runs every background task that is due, as the worker (`manage.py db_worker`) would.
    Between tasks the worker closes database connections it thinks are stale, which would end
    the test's own transaction: in tests that one step is left out."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def deliver():
    """Sends the emails queued so far, by running the background worker once."""
    return run_queued_tasks


# The most queries the header's "Your work" count (nvaphub.work.count_for) makes when it is
# counted afresh: at most once in five minutes for a person, or when their own data changes.
WORK_COUNT_QUERIES = 31


def work_counted(user) -> None:
    """Counts what needs the person for the header, as their first page in a while would, so a
    page's query budget measures the page alone (the count's own cost is tested in
    nvaphub/tests/test_home.py)."""
    from nvaphub.work import count_for

    count_for(User.objects.get(pk=user.pk))  # as a request finds them: nothing kept on the object
