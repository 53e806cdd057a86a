"""The exported Impact Realisation Plan opens in LibreOffice Calc with the template's rows.

CI installs LibreOffice (Debian's libreoffice-calc-nogui) and sets REQUIRE_LIBREOFFICE=1, so
there this test runs or fails; on a machine without LibreOffice it is skipped."""

import csv
import os
import shutil
import subprocess

import pytest

from impact import selectors, template
from impact.tests.factories import plan_with_everything
from organisations.models import Organisation

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(
    not SOFFICE and os.environ.get("REQUIRE_LIBREOFFICE") != "1", reason="LibreOffice is not installed here"
)
def test_the_exported_plan_opens_in_libreoffice_with_the_templates_rows(cast, tmp_path):
    assert SOFFICE, "REQUIRE_LIBREOFFICE is set but soffice is not on the PATH"
    plan, measure = plan_with_everything(
        Organisation.objects.get(slug="norfolk-constabulary"), cast["editor_a"]
    )
    path = tmp_path / "plan.xlsx"
    path.write_bytes(template.plan_workbook(selectors.plan_detail(plan.pk)))
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(tmp_path / "out" / "plan.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    labels = [row[0] for row in rows if row]
    header = labels[: labels.index("Field")]
    assert [label for label in header if label in template.HEADER_FIELDS] == list(template.HEADER_FIELDS)
    body = labels[labels.index("Field") + 1 :]
    expected = [
        "Objective",
        "Impact Owner",
        "Impact Description",
        "Activity",
        "Output",
        "Activity",
        "Output",
        "Impact Measurement",
        "Progress",
        "Next steps",
        "Risks",
        "Risk Mitigation Strategy",
        "Additional Comments",
    ]
    assert [label for label in body if label] == expected
    by_label = {row[0]: row for row in rows if row}
    assert by_label["Impact Owner"][1] == cast["editor_a"].email
    assert by_label["Impact Measurement"][1] == measure.name
    assert by_label["Progress"][1] == "Amber: Training has started."
    assert by_label["Project Lead"][1] == "Pat Lead"
