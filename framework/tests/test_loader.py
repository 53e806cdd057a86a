import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import NVAP
from core.content import ContentError
from framework import models as m
from framework.loader import load_framework

FIXTURES = Path(__file__).parent / "fixtures"


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            m.Framework,
            m.FrameworkVersion,
            m.Theme,
            m.Action,
            m.Objective,
            m.PeelMeasure,
            m.Toolkit,
            m.LogicModelRow,
            m.SuggestedMeasure,
            m.SearchEntry,
            m.ActionPeelLink,
        )
    }


def test_the_current_version_has_the_whole_plan(content):
    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    assert version.themes.count() == 7
    assert version.perennial_issues.count() == 10
    assert version.actions.count() == 18
    assert m.Objective.objects.filter(action__version=version).count() == 58
    assert set(version.actions.filter(scope="national").values_list("code", flat=True)) == {"1.2.1", "1.5.1"}
    assert version.actions.get(code="2.2.1").objectives.count() == 4


def test_both_toolkits_load_with_every_logic_model_activity(content):
    referral = m.Toolkit.objects.get(action__code="2.2.1", action__version__label="3")
    hubs = m.Toolkit.objects.get(action__code="2.6.1", action__version__label="3")
    assert referral.action_title == "Appropriate Referral"
    assert [o.logic_model_rows.count() for o in referral.objectives.all()] == [3, 3, 2]
    assert [o.logic_model_rows.count() for o in hubs.objectives.all()] == [3, 4, 4]
    assert (
        hubs.objectives.get(number=2)
        .logic_model_rows.first()
        .activity.startswith("Development of a MASH role profile")
    )
    measure = m.SuggestedMeasure.objects.get(objective__toolkit=referral, objective__number=1, code="6.2.2")
    assert measure.peel_measure.code == "6.2.2"


def test_a_second_load_changes_nothing(content):
    before = _counts()
    pks = set(m.Objective.objects.values_list("pk", flat=True))
    framework, results = load_framework(NVAP)
    for _version, stats in results:
        assert (stats.created, stats.updated, stats.deleted) == (0, 0, 0)
    assert _counts() == before
    assert set(m.Objective.objects.values_list("pk", flat=True)) == pks


def _broken_copy(tmp_path, edit):
    target = tmp_path / "nvap"
    shutil.copytree(NVAP, target)
    path = target / "3" / "actions.yaml"
    data = yaml.safe_load(path.read_text())
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return target, path


def test_a_broken_file_names_the_file_and_key_and_loads_nothing(content, tmp_path):
    def edit(data):
        data["actions"][3]["title"] = ""
        data["actions"][0]["objectives"][0]["number"] = "one"
        data["actions"][5]["title"] = "Changed"  # a valid change that must not be written

    folder, path = _broken_copy(tmp_path, edit)
    before = _counts()
    with pytest.raises(ContentError) as error:
        load_framework(folder)
    problems = "\n".join(error.value.problems)
    assert f"{path}: actions[3].title:" in problems
    assert f"{path}: actions[0].objectives[0].number: 'one' is not of type 'integer'" in problems
    assert _counts() == before
    assert not m.Action.objects.filter(title="Changed").exists()


def test_an_unknown_reference_is_refused(content, tmp_path):
    folder, path = _broken_copy(tmp_path, lambda d: d["actions"][2]["peel_measures"].append("99.9"))
    with pytest.raises(ContentError) as error:
        load_framework(folder)
    assert f"{path}: actions[2].peel_measures[5]: no PEEL measure '99.9'" in error.value.problems[0]


def test_invalid_yaml_names_the_line(db, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(NVAP, folder)
    (folder / "3" / "version.yaml").write_text("version: [unclosed\n")
    with pytest.raises(ContentError) as error:
        load_framework(folder)
    assert (
        "version.yaml (line 2" in error.value.problems[0] or "version.yaml (line 1" in error.value.problems[0]
    )


def test_the_command_exits_non_zero_and_says_nothing_was_loaded(content, tmp_path):
    def edit(data):
        data["actions"][0].pop("theme")
        data["actions"][1]["title"] = "Changed"

    folder, path = _broken_copy(tmp_path, edit)
    before = _counts()
    with pytest.raises(CommandError) as error:
        call_command("load_framework", str(folder))
    assert "Nothing was loaded" in str(error.value)
    assert "'theme' is a required property" in str(error.value)
    assert _counts() == before
    assert not m.Action.objects.filter(title="Changed").exists()


def test_a_new_framework_loads_and_maps_onto_the_nvap_with_no_code_change(client, content, cast):
    framework, results = load_framework(FIXTURES / "nvps")
    version = results[0][0]
    assert framework.action_label == "Commitment"
    assert set(version.themes.values_list("grouping", flat=True)) == {"4 Ps", "Pillar"}
    link = m.CrosswalkLink.objects.get(source__code="P1.1")
    assert (link.target.code, link.target.version.framework.slug, link.relation) == (
        "2.2.1",
        "nvap",
        "equivalent",
    )
    client.force_login(cast["viewer_a"])
    nvap_page = client.get("/plan/nvap/actions/2.2.1/").content.decode()
    assert "NVPPS P1.1 Right referral first time" in nvap_page
    assert "is equivalent to this action" in nvap_page
    strategy_page = client.get("/plan/nvps/actions/P1.1/").content.decode()
    assert "NVAP 2.2.1 Appropriate Action" in strategy_page
    assert client.get("/plan/nvps/").status_code == 200


def test_export_framework_prints_the_plan_as_json(content, capsys):
    import json

    call_command("export_framework", "nvap")
    data = json.loads(capsys.readouterr().out)
    assert len(data["themes"]) == 7
    assert len(data["perennial_issues"]) == 10
    assert len(data["actions"]) == 18
    assert sum(len(a["objectives"]) for a in data["actions"]) == 58
    toolkits = {a["code"]: a["toolkit"] for a in data["actions"] if a["toolkit"]}
    assert set(toolkits) == {"2.2.1", "2.6.1"}
    assert sum(len(o["activities"]) for o in toolkits["2.6.1"]["objectives"]) == 11
    call_command("export_framework", "nvap", "--version", "2")
    older = json.loads(capsys.readouterr().out)
    assert older["version"]["label"] == "2"
    assert len(older["actions"]) == 4


def test_export_framework_refuses_an_unknown_version(content):
    with pytest.raises(CommandError, match="no framework 'nvap' with version '9'"):
        call_command("export_framework", "nvap", "--version", "9")


def test_the_successor_strategy_loads_as_a_draft_crosswalked_to_the_plan(content, client, cast):
    from django.conf import settings

    load_framework(settings.BASE_DIR / "content" / "frameworks" / "nvpps")
    version = m.FrameworkVersion.objects.get(framework__slug="nvpps", label="1")
    assert version.status == "draft"
    assert set(version.themes.values_list("grouping", flat=True)) == {
        "4 Ps",
        "6 Pillars",
        "Across the strategy",
    }
    assert list(version.actions.filter(theme__code="4P").values_list("title", flat=True)) == [
        "Prepare",
        "Prevent",
        "Protect",
        "Pursue",
    ]
    assert version.actions.filter(theme__code="6P").count() == 6
    links = m.CrosswalkLink.objects.filter(source__version=version)
    assert {(link.source.code, link.target.code) for link in links} == {
        ("6P.1", "2.4.2"),
        ("6P.3", "2.4.1"),
        ("6P.4", "2.5.2"),
        ("6P.4", "1.5.1"),
    }
    assert {link.target.version.label for link in links} == {"3"}
    # A draft: forces see neither it nor its links on the plan's own pages.
    client.force_login(cast["lead_a"])
    assert client.get("/plan/nvpps/").status_code == 404
    assert "NVPPS" not in client.get("/plan/nvap/actions/2.4.1/").content.decode()
    client.force_login(cast["analyst"])
    assert client.get("/plan/nvpps/v/1/").status_code == 200
    assert "NVAP 2.4.1 Voice of the Victim" in client.get("/plan/nvpps/v/1/actions/6P.3/").content.decode()


def test_peel_2023_25_loads_as_an_edition_where_links_meet_across_frameworks(content, client, cast):
    from django.conf import settings

    load_framework(settings.BASE_DIR / "content" / "frameworks" / "peel-2023-25")
    edition = m.FrameworkVersion.objects.get(framework__slug="peel-2023-25")
    plan = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    assert edition.framework.peel_edition == plan.peel_edition == "2023-25"
    assert sorted(edition.actions.values_list("code", flat=True)) == sorted(
        plan.peel_measures.values_list("code", flat=True)
    )
    assert edition.actions.get(code="6.2").detail == plan.peel_measures.get(code="6.2").text
    client.force_login(cast["lead_a"])
    # Every link names its edition.
    sheet = client.get("/plan/nvap/actions/2.2.1/").content.decode()
    assert "Related PEEL measures (PEEL 2023-25)" in sheet and "PEEL 2023-25 6.2</a>" in sheet
    measure = client.get("/plan/nvap/peel/6.2/").content.decode()
    assert '<h1 class="govuk-heading-xl">PEEL 2023-25 6.2</h1>' in measure
    assert 'href="/plan/peel-2023-25/actions/6.2/"' in measure
    # The edition's page lists what links to it across frameworks, as versions are published.
    page = client.get("/plan/peel-2023-25/actions/6.2/").content.decode()
    assert "NVAP 3: 2.2.1 Appropriate Action" in page
    from framework import authoring

    draft = authoring.start_draft(m.Framework.objects.get(slug="nvap"), cast["admin"])
    assert "NVAP 4:" not in client.get("/plan/peel-2023-25/actions/6.2/").content.decode()
    authoring.publish(draft, cast["admin"])
    assert (
        "NVAP 4: 2.2.1 Appropriate Action" in client.get("/plan/peel-2023-25/actions/6.2/").content.decode()
    )


def test_the_toolkit_names_the_peel_edition_of_its_measures(signed_in, cast):
    page = signed_in.get("/plan/nvap/actions/2.2.1/toolkit/").content.decode()
    assert "Related PEEL measures (PEEL 2023-25)" in page
