import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from impact import access, charts, services, uploads
from impact.models import Measurement
from organisations.models import Organisation


@pytest.fixture
def measure(cast):
    return services.measure_create(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        by=cast["editor_a"],
        name="Referrals checked",
        unit="percentage",
        baseline=Decimal("40"),
        target=Decimal("80"),
    )


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("values.xlsx", buffer.getvalue())


def test_twelve_months_upload_from_csv_and_xlsx(measure, cast):
    csv_text = "Period,Value,Note\n" + "\n".join(f"2026-{m:02d},{40 + m}," for m in range(1, 13))
    upload = SimpleUploadedFile("values.csv", csv_text.encode())
    assert uploads.measurements_upload(measure=measure, by=cast["editor_a"], upload=upload) == 12
    rows = [["Period", "Value", "Note"]] + [[f"2026-{m:02d}", 40 + m, ""] for m in range(1, 13)]
    rows[3][1] = 99
    assert uploads.measurements_upload(measure=measure, by=cast["editor_a"], upload=_xlsx(rows)) == 1


def test_bad_files_and_rows_write_nothing(measure, cast):
    with pytest.raises(services.MeasurementsRejected) as rejected:
        uploads.measurements_upload(
            measure=measure,
            by=cast["editor_a"],
            upload=SimpleUploadedFile("v.csv", b"Month,Amount\n2026-01,4\n"),
        )
    assert "headings" in str(rejected.value.problems[0])
    with pytest.raises(services.MeasurementsRejected) as rejected:
        uploads.measurements_upload(
            measure=measure,
            by=cast["editor_a"],
            upload=SimpleUploadedFile("v.csv", b"Period,Value\n2026-01,40\nJan,x\n"),
        )
    assert len(rejected.value.problems) == 2
    with pytest.raises(services.MeasurementsRejected):
        uploads.measurements_upload(
            measure=measure,
            by=cast["editor_a"],
            upload=SimpleUploadedFile("v.xlsx", b"PK\x03\x04 not a workbook"),
        )
    assert not Measurement.objects.exists()


def test_the_trend_chart_draws_every_value_and_the_target(measure, cast):
    import xml.etree.ElementTree as ET

    rows = [(f"{2016 + m // 12}-{m % 12 + 1:02d}", 40 + m % 50, "") for m in range(120)]
    services.measurements_save(measure=measure, by=cast["editor_a"], rows=rows)
    svg = charts.trend_svg(measure, list(measure.measurements.all()))
    tree = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    points = tree.find(f"{ns}polyline").get("points").split()
    assert len(points) == 120, "one point per value"
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] > ys[1], "a higher value is drawn higher up"
    dashed = [line for line in tree.iter(f"{ns}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1, "the target is drawn as a dashed line"
    labels = [t.text for t in tree.iter(f"{ns}text")]
    assert "2016-01" in labels and "2025-12" in labels and "Target 80" in labels
    assert tree.find(f"{ns}title").text == "Referrals checked: values by period"
    assert charts.trend_svg(measure, []) is None


def test_change_since_baseline_knows_which_way_is_better(measure, cast):
    services.measurements_save(measure=measure, by=cast["editor_a"], rows=[("2026-01", "55", "")])
    latest = measure.measurements.get()
    assert charts.change_since_baseline(measure, latest) == {
        "change": Decimal("15"),
        "improving": True,
        "worsening": False,
    }
    measure.direction = "lower"
    assert charts.change_since_baseline(measure, latest)["worsening"] is True


def test_force_b_cannot_reach_force_as_plans_and_measures(measure, cast):
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_measure_for_user(cast["lead_b"], measure.pk)
    assert access.get_measure_for_user(cast["viewer_a"], measure.pk) == (measure, False)
    assert access.get_measure_for_user(cast["editor_a"], measure.pk) == (measure, True)
    assert access.get_measure_for_user(cast["analyst"], measure.pk) == (measure, False)
