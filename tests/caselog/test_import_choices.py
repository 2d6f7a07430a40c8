"""Importing a hospital's export: its columns mapped (identifiers dropped, the mapping
remembered), and the procedure of a CPT code naming several chosen, on the web, in the
API and at the command line."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from seldinger.caselog import columns, cpt, selectors
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry, ImportColumns
from seldinger.errors import Invalid

HOSPITAL = "MRN,Procedure Date,CPT Code,Patient Name,Attending,Accession #,Guidance"
HOSPITAL_ROWS = [
    "7781234,2025-02-03,37243,Doe Jane,faculty,ACC998877,fluoroscopy",
    "7785678,2025-02-04,36558,Roe Richard,faculty,ACC998878,ultrasound",
]
CASES = ",".join(COLUMNS)
AMBIGUOUS_ROWS = [
    "2025-01-02,37243,primary,faculty,fluoroscopy,,,,,none,",
    "2025-01-03,37243,primary,faculty,fluoroscopy,,,,,none,",
    "2025-01-04,picc,primary,faculty,ultrasound,,,,,none,",
]


def upload(name, header, rows):
    return SimpleUploadedFile(name, ("\n".join([header, *rows]) + "\n").encode())


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.CASELOG_IMPORT_DIR = tmp_path / "imports"


# The pure cores --------------------------------------------------------------------------


def test_a_hospital_header_is_mapped_by_synonym_and_its_identifiers_dropped():
    mapping = columns.suggest(HOSPITAL.split(","))
    assert [(column.title, column.field) for column in mapping.columns] == [
        ("MRN", ""),
        ("Procedure Date", "date"),
        ("CPT Code", "procedure"),
        ("Patient Name", ""),
        ("Attending", "supervisor"),
        ("Accession #", ""),
        ("Guidance", "modality"),
    ]
    assert mapping.dropped_identifiers == ["MRN", "Patient Name", "Accession #"]
    assert mapping.missing() == ["role"]
    kept = mapping.remembered()
    assert "mrn" not in kept["columns"] and "patient name" not in kept["columns"]
    assert kept["columns"]["cpt code"] == "procedure"


@pytest.mark.parametrize(
    "title", ["MRN", "Patient MRN", "Date of Birth", "DOB", "Patient ID", "Accession Number", "SSN"]
)
def test_identifier_columns_are_recognised(title):
    assert columns.is_identifier(title)


@pytest.mark.parametrize("title", ["Procedure Date", "CPT Code", "Attending", "Notes", "Modality"])
def test_case_columns_are_not_identifiers(title):
    assert not columns.is_identifier(title)


def test_a_chosen_mapping_refuses_a_field_twice_and_a_mapped_identifier():
    header = ["Procedure Date", "Date", "MRN"]
    mapping, errors = columns.chosen(header, ["date", "date", "notes"], {"role": "primary"})
    assert errors == [
        "Date is chosen for two columns: 'Procedure Date' and 'Date'",
        "column 'MRN' identifies a patient: it is never imported",
    ]
    assert mapping.fields() == {"date": 0} and mapping.fill == {"role": "primary"}


def test_only_required_fields_are_filled_so_no_free_text_is_remembered():
    header = ["Procedure Date", "MRN"]
    fill = {"role": "primary", "notes": "Doe Jane 7781234", "complication": "bleed"}
    mapping, errors = columns.chosen(header, ["date", ""], fill)
    assert errors == [] and mapping.fill == {"role": "primary"}
    assert mapping.remembered()["fill"] == {"role": "primary"}
    suggested = columns.suggest(header, {"fill": fill})
    assert suggested.fill == {"role": "primary"}


@pytest.mark.django_db
def test_cpt_choices_are_checked_against_the_codes_procedures():
    known = selectors.catalogue()
    choices = cpt.parse(["37243=tace", "37243@3=radioembolization"], known)
    assert choices.codes == {"37243": "tace"}
    assert choices.rows == {(3, "37243"): "radioembolization"}
    assert cpt.CptChoices.from_dict(choices.as_dict()) == choices
    with pytest.raises(Invalid) as refused:
        cpt.parse(["37243=picc"], known)
    assert "'picc' is not one of CPT 37243's procedures" in refused.value.message
    with pytest.raises(Invalid, match="write CODE=KEY"):
        cpt.parse(["37243"], known)
    with pytest.raises(Invalid, match="does not name several procedures"):
        cpt.parse(["36558=picc"], known)


# The web ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hospital_export_is_mapped_imported_and_its_mapping_remembered(client, resident, faculty):
    client.force_login(resident)
    response = client.post(
        "/cases/import/", {"file": upload("export.csv", HOSPITAL, HOSPITAL_ROWS)}
    )
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    # The identifiers are named as dropped; none of their cells is shown.
    assert "Patient identifiers dropped:</strong> MRN, Patient Name, Accession #." in page
    for cell in ("7781234", "Doe Jane", "ACC998877"):
        assert cell not in page
    assert '<option value="supervisor" selected>Supervisor</option>' in page
    assert "No column gives Role" in page and "Confirm: import" not in page

    choices = {"column_1": "date", "column_2": "procedure", "column_4": "supervisor"}
    client.post(
        preview_url + "columns/", {**choices, "column_6": "modality", "fill_role": "primary"}
    )
    page = client.get(preview_url).content.decode()
    assert "No column gives" not in page
    # 37243 names several procedures: the preview asks which, instead of refusing the file.
    assert "CPT 37243: 1 row, 1 still to choose" in page
    client.post(preview_url + "procedures/", {"code_37243": "radioembolization"})
    page = client.get(preview_url).content.decode()
    assert 'id="count-new">2<' in page and 'id="count-invalid">0<' in page
    client.post(preview_url + "confirm/")
    saved = list(CaseEntry.objects.order_by("performed_on").values_list("procedure_key", "role"))
    assert saved == [("radioembolization", "primary"), ("tunneled-central-line", "primary")]
    stored = " ".join(str(value) for case in CaseEntry.objects.values() for value in case.values())
    assert "7781234" not in stored and "Doe" not in stored and "ACC998877" not in stored

    # Remembered: titles and the fill value only; no identifier, no cell.
    kept = ImportColumns.objects.get(user=resident).mapping
    assert kept == {
        "columns": {
            "procedure date": "date",
            "cpt code": "procedure",
            "attending": "supervisor",
            "guidance": "modality",
        },
        "fill": {"role": "primary"},
    }
    # Next time the same export is mapped at once (the choice for "Guidance" remembered).
    again = client.post("/cases/import/", {"file": upload("next.csv", HOSPITAL, HOSPITAL_ROWS)})
    page = client.get(again["Location"]).content.decode()
    assert "No column gives" not in page and '<option value="primary" selected>' in page
    assert "mapped as you chose" not in page  # suggested, not yet confirmed for this file


@pytest.mark.django_db
def test_ambiguous_codes_are_chosen_for_all_rows_and_row_by_row(client, resident, faculty):
    client.force_login(resident)
    response = client.post("/cases/import/", {"file": upload("a.csv", CASES, AMBIGUOUS_ROWS)})
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "the file uses Seldinger's column names" in page
    assert "CPT 37243: 2 rows, 2 still to choose" in page
    assert "2 rows wait for a procedure" in page and "Fix the file and upload again" not in page
    assert "CPT 37243 names several procedures: choose one of" in page  # the rows' errors
    refused = client.post(preview_url + "procedures/", {"code_37243": "picc"})
    assert refused.status_code == 302
    page = client.get(preview_url).content.decode()
    assert "CPT 37243: &#x27;picc&#x27; is not one of CPT 37243" in page
    client.post(
        preview_url + "procedures/",
        {"code_37243": "tace", "row_37243_3": "uterine-fibroid-embolization"},
    )
    client.post(preview_url + "confirm/")
    assert list(
        CaseEntry.objects.order_by("performed_on").values_list("procedure_key", flat=True)
    ) == [
        "tace",
        "uterine-fibroid-embolization",
        "picc",
    ]


@pytest.mark.django_db
def test_someone_elses_upload_cannot_be_mapped(client, resident, other_resident, faculty):
    client.force_login(resident)
    preview_url = client.post(
        "/cases/import/", {"file": upload("export.csv", HOSPITAL, HOSPITAL_ROWS)}
    )["Location"]
    client.force_login(other_resident)
    response = client.post(preview_url + "columns/", {"column_1": "date", "fill_role": "primary"})
    assert response["Location"] == "/cases/import/"
    assert not ImportColumns.objects.exists()


@pytest.mark.django_db
def test_a_director_maps_an_export_for_their_resident(client, director, resident, faculty):
    client.force_login(director)
    response = client.post(
        "/cases/import/",
        {"file": upload("export.csv", HOSPITAL, HOSPITAL_ROWS[1:]), "trainee": resident.username},
    )
    preview_url = response["Location"]
    client.post(
        preview_url + "columns/",
        {
            "column_1": "date",
            "column_2": "procedure",
            "column_4": "supervisor",
            "column_6": "modality",
            "fill_role": "assistant",
        },
    )
    client.post(preview_url + "confirm/")
    case = CaseEntry.objects.get()
    assert case.trainee == resident and case.role == "assistant"
    assert ImportColumns.objects.get().user == director


# The API and the command line ------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_takes_cpt_choices_and_names_ambiguous_rows(client, resident, faculty):
    client.force_login(resident)
    refused = client.post("/api/caselog/import", {"file": upload("a.csv", CASES, AMBIGUOUS_ROWS)})
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [(error["line"], error["field"]) for error in errors] == [
        (2, "procedure"),
        (3, "procedure"),
    ]
    assert "CPT 37243 names several procedures" in errors[0]["message"]
    bad = client.post(
        "/api/caselog/import",
        {"file": upload("a.csv", CASES, AMBIGUOUS_ROWS), "cpt": ["37243=picc"]},
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "cpt"
    done = client.post(
        "/api/caselog/import",
        {
            "file": upload("a.csv", CASES, AMBIGUOUS_ROWS),
            "cpt": ["37243=tace", "37243@3=radioembolization"],
        },
    )
    assert done.status_code == 200 and done.json()["saved"] == 3
    assert done.json()["ambiguous"] == [
        {"line": 2, "field": "procedure", "code": "37243", "chosen": "tace"},
        {"line": 3, "field": "procedure", "code": "37243", "chosen": "radioembolization"},
    ]
    assert not CaseEntry.objects.filter(procedure_key="picc", performed_on="2025-01-02").exists()


@pytest.mark.django_db
def test_the_cli_takes_cpt_choices(tmp_path, resident, faculty):
    path = tmp_path / "cases.csv"
    path.write_text("\n".join([CASES, *AMBIGUOUS_ROWS]) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "caselog",
            "import",
            str(path),
            "--trainee",
            resident.username,
            stderr=err,
            stdout=io.StringIO(),
        )
    assert f"{path}:2: procedure: CPT 37243 names several procedures" in err.getvalue()
    assert not CaseEntry.objects.exists()
    with pytest.raises(CommandError, match="--cpt: '37243=x'"):
        call_command(
            "caselog", "import", str(path), "--trainee", resident.username, "--cpt", "37243=x"
        )
    call_command(
        "caselog",
        "import",
        str(path),
        "--trainee",
        resident.username,
        "--cpt",
        "37243=tace",
        stdout=io.StringIO(),
    )
    assert CaseEntry.objects.filter(procedure_key="tace").count() == 2


@pytest.mark.django_db
def test_an_xlsx_export_is_mapped_the_same_way(client, resident, faculty):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date of Birth", "Procedure Date", "CPT Code", "Attending", "Guidance", "Role"])
    sheet.append(["1960-05-01", "2025-02-04", "36558", "faculty", "ultrasound", "observer"])
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(resident)
    response = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("export.xlsx", content.getvalue())}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Patient identifiers dropped:</strong> Date of Birth." in page
    assert "1960-05-01" not in page and 'id="count-new">1<' in page
    client.post(response["Location"] + "confirm/")
    case = CaseEntry.objects.get()
    assert (case.procedure_key, case.role) == ("tunneled-central-line", "observer")
