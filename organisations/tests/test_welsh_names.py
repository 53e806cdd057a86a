"""The four Welsh forces' own Welsh names: loaded from the content file, shown on Welsh pages,
in Welsh notifications and in the national picture, and the English name on English pages."""

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from conftest import ORGANISATIONS, _member
from core.models import Notification
from organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_the_content_file_gives_each_welsh_force_its_welsh_name_and_no_english_force_one(content):
    named = dict(Organisation.objects.exclude(welsh_name="").values_list("slug", "welsh_name"))
    assert named == {
        "dyfed-powys-police": "Heddlu Dyfed-Powys",
        "gwent-police": "Heddlu Gwent",
        "north-wales-police": "Heddlu Gogledd Cymru",
        "south-wales-police": "Heddlu De Cymru",
    }
    assert set(Organisation.objects.exclude(welsh_name="").values_list("country", flat=True)) == {"Wales"}


def test_the_name_follows_the_language_and_a_force_without_a_welsh_name_keeps_its_own(content):
    gwent = Organisation.objects.get(slug="gwent-police")
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    with translation.override("cy"):
        assert (str(gwent), gwent.shown_name) == ("Heddlu Gwent", "Heddlu Gwent")
        assert str(norfolk) == "Norfolk Constabulary"
    with translation.override("en-gb"):
        assert (str(gwent), gwent.shown_name) == ("Gwent Police", "Gwent Police")
    # Worked out when the text is, not when it is written down.
    lazy = gwent.name_in_language
    with translation.override("cy"):
        assert str(lazy) == "Heddlu Gwent"
    with translation.override("en-gb"):
        assert str(lazy) == "Gwent Police"


def test_a_blank_welsh_name_in_the_content_file_is_refused_and_nothing_changes(content, tmp_path):
    data = yaml.safe_load(ORGANISATIONS.read_text())
    data["organisations"][0]["welsh_name"] = ""
    data["organisations"][1]["name"] = "Renamed Force"
    path = tmp_path / "organisations.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError, match="welsh_name"):
        call_command("load_organisations", str(path))
    assert not Organisation.objects.filter(name="Renamed Force").exists()


def test_a_welsh_forces_page_is_headed_with_its_welsh_name_in_welsh_and_its_english_name_in_english(
    client, content
):
    lead = _member("lead@gwent.test", "gwent-police", Membership.Role.FORCE_LEAD)
    client.force_login(lead)
    welsh = client.get("/cy/organisations/gwent-police/").content.decode()
    assert "Heddlu Gwent" in welsh
    assert "Gwent Police" not in welsh
    english = client.get("/organisations/gwent-police/").content.decode()
    assert "Gwent Police" in english
    assert "Heddlu Gwent" not in english


def test_a_welsh_speaking_reviewer_is_told_of_a_welsh_forces_return_by_its_welsh_name(cast):
    from benchmarking.models import Return
    from benchmarking.notifications import return_submitted
    from benchmarking.tests.factories import open_exercise

    cast["analyst"].language = "cy"
    cast["analyst"].save(update_fields=["language"])
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    record = Return.objects.get(exercise=exercise, organisation__slug="dyfed-powys-police")
    return_submitted(record, cast["admin"])
    welsh = Notification.objects.get(user=cast["analyst"], kind="returns").message
    english = Notification.objects.get(user=cast["admin"], kind="returns").message
    assert welsh == f"Cyflwynodd Heddlu Dyfed-Powys ei ffurflen i {exercise.title}. Mae’n barod i’w hadolygu."
    assert english == f"Dyfed-Powys Police submitted its return to {exercise.title}. It is ready for review."


def test_the_national_picture_names_welsh_forces_in_welsh_on_the_welsh_page(client, cast):
    from benchmarking import services
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    services.exercise_close(exercise=exercise, by=cast["admin"])
    # Every force's row is in the picture, returned or not.
    assert Return.objects.filter(exercise=exercise, organisation__slug="south-wales-police").exists()
    client.force_login(cast["analyst"])
    welsh = client.get(f"/cy/benchmarking/exercises/{exercise.pk}/picture/")
    english = client.get(f"/benchmarking/exercises/{exercise.pk}/picture/")
    assert welsh.status_code == english.status_code == 200
    assert "Heddlu De Cymru" in welsh.content.decode()
    assert "South Wales Police" not in welsh.content.decode()
    assert "South Wales Police" in english.content.decode()
