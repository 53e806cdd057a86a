"""Every force carries its ONS police force area code, the key BI tools join other police data
on: loaded from content/organisations.yaml, checked as it loads, shown on the force's page."""

import pytest
import yaml

from conftest import ORGANISATIONS
from core.content import ContentError
from core.testing import assert_good_page
from organisations.loader import load_organisations
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_every_territorial_force_has_its_own_code_and_nobody_else_has_one(content):
    forces = Organisation.objects.filter(kind=Organisation.Kind.FORCE)
    codes = {o.slug: o.ons_code for o in forces}
    assert len(codes) == 44 and codes["british-transport-police"] == ""
    territorial = [c for slug, c in codes.items() if slug != "british-transport-police"]
    assert len(set(territorial)) == 43
    assert sorted(c for c in territorial if c.startswith("W15")) == [f"W1500000{n}" for n in range(1, 5)]
    assert sorted(c for c in territorial if c.startswith("E23")) == [f"E230000{n:02}" for n in range(1, 40)]
    assert (
        codes["metropolitan-police-service"],
        codes["norfolk-constabulary"],
        codes["dyfed-powys-police"],
    ) == (
        "E23000001",
        "E23000024",
        "W15000004",
    )
    assert not Organisation.objects.filter(kind=Organisation.Kind.NATIONAL).exclude(ons_code="").exists()


def _load_with(tmp_path, change):
    data = yaml.safe_load(ORGANISATIONS.read_text())
    change(data["organisations"])
    path = tmp_path / "organisations.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as refused:
        load_organisations(path)
    return " ".join(refused.value.problems)


def _by_slug(items, slug):
    return next(o for o in items if o["slug"] == slug)


def test_a_bad_repeated_or_misplaced_code_is_refused_and_nothing_changes(content, tmp_path):
    before = dict(Organisation.objects.values_list("slug", "ons_code"))
    problems = _load_with(tmp_path, lambda items: _by_slug(items, "kent-police").update(ons_code="E2300032"))
    assert "ons_code" in problems
    problems = _load_with(tmp_path, lambda items: _by_slug(items, "kent-police").update(ons_code="E23000024"))
    assert "E23000024 is already norfolk-constabulary's" in problems
    problems = _load_with(tmp_path, lambda items: _by_slug(items, "vkpp").update(ons_code="E23000099"))
    assert "only police forces have one" in problems
    assert dict(Organisation.objects.values_list("slug", "ons_code")) == before


def test_a_force_page_shows_its_code(client, cast):
    client.force_login(cast["viewer_a"])
    page = client.get("/organisations/norfolk-constabulary/")
    assert_good_page(page)
    html = page.content.decode()
    assert "ONS police force area code" in html and "E23000024" in html
