"""``seldinger dose import``: studies become draft cases or inbox items; one bad file never
stops a folder; a study imported twice is a duplicate."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from seldinger.audit.models import AuditEntry
from seldinger.dose import synthetic
from seldinger.dose.models import DoseStudy, SuiteName


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    failure = None
    try:
        call_command("dose", "import", *args, stdout=out, stderr=err)
    except CommandError as error:
        failure = str(error)
    return out.getvalue(), err.getvalue(), failure


@pytest.fixture
def folder(tmp_path, report_bytes, resident):
    SuiteName.objects.create(trainee=resident, form="DOE^JANE")
    (tmp_path / "a-single.dcm").write_bytes(report_bytes(layout="siemens"))
    (tmp_path / "b-biplane.dcm").write_bytes(report_bytes(layout="canon", biplane=True))
    (tmp_path / "c-nobody.dcm").write_bytes(report_bytes(layout="ge", staff=("SMITH^ANN",)))
    (tmp_path / "d-notes.txt").write_text("not a report")
    return tmp_path


def test_a_folder_becomes_drafts_inbox_items_and_one_rejection(folder, resident, program):
    out, err, failure = run(str(folder), "--format", "json", "--program", str(program.pk))
    results = json.loads(out)
    assert [(r["file"].rsplit("/", 1)[-1], r["status"]) for r in results] == [
        ("a-single.dcm", "draft"),
        ("b-biplane.dcm", "draft"),
        ("c-nobody.dcm", "unassigned"),
        ("d-notes.txt", "rejected"),
    ]
    single, biplane, nobody, notes = results
    assert single["study_date"] == "2026-03-02"
    assert single["device"] == "SIEMENS AXIOM-Artis"
    assert single["dap_total_gycm2"] == pytest.approx(42.5)
    assert single["rp_air_kerma_mgy"] == pytest.approx(230)
    assert single["fluoro_time_s"] == pytest.approx(300)
    assert single["events"] == 2 and single["case"] is None
    assert [plane["plane"] for plane in biplane["planes"]] == ["A", "B"]
    assert biplane["dap_total_gycm2"] == pytest.approx(85.75)
    assert biplane["planes"][0]["dap_gycm2"] == pytest.approx(61.5)
    assert nobody["reason"] == "no trainee lists a name the report records"
    assert notes["reason"] == "is not a DICOM file"
    assert f"{folder / 'd-notes.txt'}: is not a DICOM file" in err
    assert failure == "1 of 4 files rejected; the others were imported"
    drafts = DoseStudy.objects.filter(trainee=resident, status=DoseStudy.Status.DRAFT)
    assert drafts.count() == 2
    inbox = DoseStudy.objects.get(status=DoseStudy.Status.UNASSIGNED)
    assert inbox.program == program and inbox.trainee is None
    assert inbox.dap_total_gycm2 == Decimal("42.5000")
    assert AuditEntry.objects.filter(record_type="dose.DoseStudy").count() == 3
    audited = AuditEntry.objects.get(record_type="dose.DoseStudy", record_id=str(inbox.pk))
    assert audited.after == {
        "status": "unassigned",
        "trainee": None,
        "program": program.pk,
        "performed_on": "2026-03-02",
        "device": "GE Healthcare Innova IGS 530",
        "dap_total_gycm2": "42.5000",
        "rp_air_kerma_mgy": "230.000",
        "fluoro_time_s": "300.00",
        "events": 2,
        "suggested_procedure": "angiography-lower-extremity",
        "case": None,
    }


def test_a_study_imported_again_is_a_duplicate(tmp_path, report_bytes, resident):
    study = synthetic.Study()
    content = synthetic.to_bytes(synthetic.build(study))
    (tmp_path / "one.dcm").write_bytes(content)
    (tmp_path / "again.dcm").write_bytes(content)
    out, _, failure = run(str(tmp_path), "--trainee", "resident", "--format", "json")
    assert [r["status"] for r in json.loads(out)] == ["draft", "duplicate"]
    assert failure is None
    out, _, _ = run(str(tmp_path / "one.dcm"), "--format", "json")
    assert json.loads(out)[0]["reason"] == "this study is already imported"
    assert DoseStudy.objects.count() == 1


def test_trainee_option_gives_every_study_to_that_trainee(tmp_path, report_bytes, resident):
    (tmp_path / "x.dcm").write_bytes(report_bytes(staff=("SOMEONE^ELSE",)))
    out, _, _ = run(str(tmp_path / "x.dcm"), "--trainee", "resident", "--format", "json")
    assert json.loads(out)[0]["status"] == "draft"
    assert DoseStudy.objects.get().trainee == resident


def test_a_zip_is_read_member_by_member(tmp_path, report_bytes, resident):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("one.dcm", report_bytes())
        zipped.writestr("two.dcm", report_bytes(biplane=True))
        zipped.writestr("ct.dcm", synthetic.to_bytes(synthetic.ct_report(synthetic.Study())))
    out, _, failure = run(str(archive), "--trainee", "resident", "--format", "json")
    results = json.loads(out)
    assert [(r["file"], r["status"]) for r in results] == [
        (f"{archive}:ct.dcm", "rejected"),
        (f"{archive}:one.dcm", "draft"),
        (f"{archive}:two.dcm", "draft"),
    ]
    assert results[0]["reason"].startswith("is a CT dose report (TID 10011)")
    assert failure == "1 of 3 files rejected; the others were imported"


def test_text_output_and_missing_paths(tmp_path, report_bytes, resident):
    (tmp_path / "x.dcm").write_bytes(report_bytes())
    out, err, failure = run(
        str(tmp_path / "x.dcm"), str(tmp_path / "gone.dcm"), "--trainee", "resident"
    )
    assert (
        "x.dcm" in out
        and "draft" in out
        and "1 draft, 0 unassigned, 0 duplicate, 1 rejected" in out
    )
    assert f"{tmp_path / 'gone.dcm'}: does not exist" in err
    assert failure == "1 of 2 files rejected; the others were imported"


def test_an_unknown_trainee_is_refused(tmp_path, db):
    _, _, failure = run(str(tmp_path), "--trainee", "nobody")
    assert failure == "--trainee: no active user named 'nobody'"
