"""A version written back to YAML loads into an empty database with identical pages."""

import io
import re
import zipfile

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command

from conftest import NVAP
from core.content import read_yaml
from framework import export
from framework import models as m
from framework.loader import load_framework
from framework.tests.test_loader import FIXTURES


def _pages(client, framework, version) -> dict[str, str]:
    """Every page of the version, as a reader sees it (less the page's one-off tokens)."""
    urls = [f"/plan/{framework}/v/{version.label}/"]
    for action in version.actions.all():
        urls.append(f"/plan/{framework}/v/{version.label}/actions/{action.code}/")
        if hasattr(action, "toolkit"):
            urls.append(f"/plan/{framework}/v/{version.label}/actions/{action.code}/toolkit/")
    for measure in version.peel_measures.all():
        urls.append(f"/plan/{framework}/v/{version.label}/peel/{measure.code}/")
    for issue in version.perennial_issues.all():
        urls.append(f"/plan/{framework}/v/{version.label}/perennial-issues/{issue.slug}/")
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        html = re.sub(r'nonce="[^"]+"', "", html)
        pages[url] = html
    return pages


def test_the_current_plan_exports_to_files_that_load_into_an_empty_database_with_identical_pages(
    signed_in, tmp_path
):
    reader = signed_in
    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    before = _pages(reader, "nvap", version)
    written = export.write_folder(version, tmp_path / "nvap")
    assert {p.relative_to(tmp_path / "nvap").as_posix() for p in written} == {
        "framework.yaml",
        "3/version.yaml",
        "3/actions.yaml",
        "3/toolkits/2.2.1.yaml",
        "3/toolkits/2.6.1.yaml",
    }
    m.Action.objects.all().delete()  # (an action's theme is protected while it has actions)
    m.Framework.objects.all().delete()
    assert m.Action.objects.count() == 0
    load_framework(tmp_path / "nvap")
    cache.clear()  # (drawn afresh, not from what was kept of the first)

    reloaded = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    assert _pages(reader, "nvap", reloaded) == before


def test_the_exported_actions_match_the_reviewed_files_item_for_item(content):
    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    files = export.files_of(version)
    reviewed = read_yaml(NVAP / "3" / "actions.yaml")["actions"]
    written = files["3/actions.yaml"]["actions"]
    assert [a["code"] for a in written] == [a["code"] for a in reviewed]
    for mine, theirs in zip(written, reviewed, strict=True):
        assert mine["title"] == theirs["title"]
        assert mine["detail"] == theirs["detail"].strip()
        assert [o["text"] for o in mine.get("objectives", [])] == [
            o["text"].strip() for o in theirs.get("objectives", [])
        ]


def test_links_to_another_framework_export_as_a_crosswalk_file(content):
    load_framework(FIXTURES / "nvps")
    version = m.FrameworkVersion.objects.get(framework__slug="nvps", label="1")
    files = export.files_of(version)
    assert files["1/crosswalks.yaml"] == {
        "target": {"framework": "nvap", "version": "3"},
        "links": [
            {
                "source": "P1.1",
                "target": "2.2.1",
                "relation": "equivalent",
                "note": "Referral pathways carried forward",
            },
            {"source": "P2.1", "target": "2.1.1", "relation": "broader"},
        ],
    }


def test_the_zip_holds_the_framework_folder(content):
    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    archive = zipfile.ZipFile(io.BytesIO(export.as_zip(version)))
    assert "nvap/3/actions.yaml" in archive.namelist()
    assert yaml.safe_load(archive.read("nvap/framework.yaml"))["slug"] == "nvap"


@pytest.mark.django_db
def test_the_command_writes_a_version_as_yaml(content, tmp_path):
    out = io.StringIO()
    call_command("export_framework", "nvap", "--version", "3", "--yaml", str(tmp_path), stdout=out)
    assert (tmp_path / "3" / "actions.yaml").exists()
    assert "5 files" in out.getvalue()
