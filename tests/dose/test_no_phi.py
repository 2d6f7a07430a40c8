"""No protected health information is kept: after reports carrying patients' names, IDs,
birth dates, accession numbers and the institution are imported (on the web, by the command
and through the DICOM listener), none of them is anywhere in the database or the uploads
folder."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from seldinger.dose import synthetic
from seldinger.dose.models import DoseStudy, SuiteName

pytestmark = pytest.mark.django_db

STUDIES = [
    synthetic.Study(
        patient_name="QUIXOTE^ALONSO", patient_id="MRN8812345", staff=("DOE^JANE", "ZAMBRANO^PILAR")
    ),
    synthetic.biplane("ge", patient_name="PANZA^SANCHO", patient_id="MRN7712399"),
    synthetic.Study(
        layout="canon", patient_name="DULCINEA^TOBOSO", patient_id="MRN6654321", staff=("NOBODY^X",)
    ),
]


def identifiers():
    found = []
    for study in STUDIES:
        family, given = study.patient_name.split("^")
        found += [family, given, study.patient_id, study.study_uid, "ACC" + study.patient_id[-6:]]
    return [*found, "Private General Hospital", "19500101", "ZAMBRANO", "PILAR"]


def every_stored_text() -> str:
    """Every row of every table, as text."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            texts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(texts).upper()


def test_no_patient_identifier_is_stored_anywhere(client, resident, coordinator, tmp_path):
    uploads = tmp_path / "private"
    uploads.mkdir()
    SuiteName.objects.create(trainee=resident, form="DOE^JANE")
    reports = [synthetic.to_bytes(synthetic.build(study)) for study in STUDIES]
    with override_settings(PRIVATE_MEDIA_ROOT=uploads, MEDIA_ROOT=uploads):
        client.force_login(coordinator)
        response = client.post(
            reverse("dose:upload"),
            {"files": [SimpleUploadedFile(f"{n}.dcm", c) for n, c in enumerate(reports[:2])]},
        )
        assert [r["status"] for r in response.context["results"]] == ["draft", "draft"]
        folder = tmp_path / "reports"
        folder.mkdir()
        (folder / "third.dcm").write_bytes(reports[2])
        call_command("dose", "import", str(folder), stdout=io.StringIO())
    assert DoseStudy.objects.filter(status="unassigned").count() == 1  # the third
    assert DoseStudy.objects.count() == 3
    stored = every_stored_text()
    assert "DOE^JANE" in stored  # the search does read the tables: the trainee's own name form
    leaked = [value for value in identifiers() if value.upper() in stored]
    assert leaked == []
    files = [path for path in uploads.rglob("*") if path.is_file()]
    contents = b"".join(path.read_bytes() for path in files).upper()
    assert [value for value in identifiers() if value.upper().encode() in contents] == []
    assert files == []


@pytest.mark.django_db(transaction=True)
def test_a_report_sent_to_the_listener_leaves_no_patient_identifier(
    listening, storescu, resident, tmp_path
):
    SuiteName.objects.create(trainee=resident, form="DOE^JANE")
    port = listening(["ANGIO1@127.0.0.1"])
    report = tmp_path / "sent.dcm"
    report.write_bytes(synthetic.to_bytes(synthetic.build(STUDIES[0])))
    sent = storescu(port, report, "ANGIO1")
    assert "Received Store Response (Status: 0x0000 - Success)" in sent.stderr, sent.stderr
    assert DoseStudy.objects.get().trainee == resident
    stored = every_stored_text()
    assert "DOE^JANE" in stored
    assert [value for value in identifiers() if value.upper() in stored] == []
