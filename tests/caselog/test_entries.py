"""validate_case: one case's fields checked the same way for the form, the API and imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from seldinger.caselog.catalogue import Catalogue, load_catalogue
from seldinger.caselog.entries import (
    AGE_BANDS,
    COMPLICATIONS,
    MODALITIES,
    REQUIRED,
    ROLES,
    CaseData,
    FieldError,
    fingerprint,
    validate_case,
)
from seldinger.rules import default_parameters

TODAY = dt.date(2026, 11, 22)
SUPERVISORS = frozenset({"faculty-ann", "faculty-bob"})
VALID = {
    "date": "2026-11-20",
    "procedure": "picc",
    "role": "primary",
    "supervisor": "faculty-ann",
    "modality": "ultrasound",
    "age_band": "adult",
    "fluoro_minutes": "1.5",
    "dap_gycm2": "12.345",
    "air_kerma_mgy": "45",
    "complication": "none",
    "notes": "Right basilic vein, 4 Fr",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(default_parameters(), on=TODAY)


def validate(catalogue: Catalogue, **changes: object) -> tuple[CaseData | None, list[FieldError]]:
    return validate_case(
        {**VALID, **changes}, catalogue=catalogue, supervisors=SUPERVISORS, today=TODAY
    )


def only_error(catalogue: Catalogue, field: str, **changes: object) -> str:
    """The single error a change causes, checked to be on ``field``; returns its message."""
    data, errors = validate(catalogue, **changes)
    assert data is None
    assert [error.field for error in errors] == [field], errors
    return errors[0].message


def case(catalogue: Catalogue, **changes: object) -> CaseData:
    data, errors = validate(catalogue, **changes)
    assert errors == []
    assert data is not None
    return data


def test_a_valid_row_gives_the_case_with_its_category(catalogue: Catalogue) -> None:
    assert case(catalogue) == CaseData(
        performed_on=dt.date(2026, 11, 20),
        procedure_key="picc",
        category_key="venous-access",
        role="primary",
        supervisor="faculty-ann",
        modality="ultrasound",
        age_band="adult",
        fluoro_minutes=Decimal("1.50"),
        dap_gycm2=Decimal("12.34"),
        air_kerma_mgy=Decimal("45.00"),
        complication="none",
        notes="Right basilic vein, 4 Fr",
    )


def test_only_the_required_fields_are_enough(catalogue: Catalogue) -> None:
    raw = {name: VALID[name] for name in REQUIRED}
    data, errors = validate_case(raw, catalogue=catalogue, supervisors=(), today=TODAY)
    assert errors == []
    assert data is not None
    assert data.supervisor is None
    assert data.age_band == ""
    assert data.complication == "none"
    assert (data.fluoro_minutes, data.dap_gycm2, data.air_kerma_mgy) == (None, None, None)
    assert data.notes == ""


@pytest.mark.parametrize("field", REQUIRED)
@pytest.mark.parametrize("blank", [None, "", "   "])
def test_each_required_field_missing_is_reported(
    catalogue: Catalogue, field: str, blank: object
) -> None:
    assert only_error(catalogue, field, **{field: blank}) == "required"


def test_every_error_is_reported_at_once(catalogue: Catalogue) -> None:
    data, errors = validate_case({}, catalogue=catalogue, supervisors=SUPERVISORS, today=TODAY)
    assert data is None
    assert [(error.field, error.message) for error in errors] == [
        (field, "required") for field in REQUIRED
    ]
    _, many = validate(catalogue, date="soon", role="boss", fluoro_minutes="-3", notes="Mr. Jones")
    assert [error.field for error in many] == ["date", "role", "fluoro_minutes", "notes"]


def test_a_field_error_reads_field_first() -> None:
    assert str(FieldError("date", "required")) == "date: required"


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "20/11/2026", "yesterday", "2026"])
def test_a_bad_date_is_refused(catalogue: Catalogue, bad: str) -> None:
    assert only_error(catalogue, "date", date=bad) == f"{bad!r} is not a date (YYYY-MM-DD)"


def test_a_future_date_is_refused_and_today_accepted(catalogue: Catalogue) -> None:
    assert only_error(catalogue, "date", date="2026-11-23") == "2026-11-23 is in the future"
    assert case(catalogue, date="2026-11-22").performed_on == TODAY


def test_a_date_before_1990_is_refused(catalogue: Catalogue) -> None:
    assert only_error(catalogue, "date", date="1989-12-31") == "1989-12-31 is before 1990-01-01"
    assert case(catalogue, date="1990-01-01").performed_on == dt.date(1990, 1, 1)


@pytest.mark.parametrize("value", [dt.date(2026, 11, 20), dt.datetime(2026, 11, 20, 14, 30)])
def test_dates_from_spreadsheets_are_accepted(catalogue: Catalogue, value: object) -> None:
    assert case(catalogue, date=value).performed_on == dt.date(2026, 11, 20)


@pytest.mark.parametrize("unknown", ["not-a-procedure", "99999"])
def test_an_unknown_procedure_is_refused(catalogue: Catalogue, unknown: str) -> None:
    message = only_error(catalogue, "procedure", procedure=unknown)
    assert message == f"{unknown!r} is not a catalogue key or a CPT code of one procedure"


def test_an_ambiguous_code_is_refused_naming_its_procedures(catalogue: Catalogue) -> None:
    message = only_error(catalogue, "procedure", procedure="37243")
    assert message.startswith("CPT 37243 names several procedures: choose one of tace (")
    assert "radioembolization (Radioembolization (Y-90, SIRT))" in message
    assert "uterine-fibroid-embolization (Uterine fibroid embolization)" in message


@pytest.mark.parametrize(
    ("given", "key", "category"),
    [
        ("37193", "ivc-filter-retrieval", "ivc-filters"),
        (37193, "ivc-filter-retrieval", "ivc-filters"),
        ("36561", "port-chest", "venous-access"),
        ("50432", "nephrostomy", "nephrostomy"),
        (" tips ", "tips", "tips"),
        ("tace", "tace", "embolization"),
    ],
)
def test_a_key_or_a_cpt_code_of_one_procedure_is_accepted(
    catalogue: Catalogue, given: object, key: str, category: str
) -> None:
    data = case(catalogue, procedure=given)
    assert (data.procedure_key, data.category_key) == (key, category)


@pytest.mark.parametrize(
    ("field", "bad", "allowed"),
    [
        ("role", "lead", ROLES),
        ("modality", "x-ray", MODALITIES),
        ("complication", "fatal", COMPLICATIONS),
        ("age_band", "teenager", AGE_BANDS),
    ],
)
def test_a_value_outside_its_list_is_refused_naming_the_list(
    catalogue: Catalogue, field: str, bad: str, allowed: tuple[str, ...]
) -> None:
    message = only_error(catalogue, field, **{field: bad})
    assert message == f"{bad!r} is not one of {', '.join(allowed)}"


def test_listed_values_are_accepted_in_any_case_and_stored_in_lower_case(
    catalogue: Catalogue,
) -> None:
    data = case(
        catalogue, role="Assistant", modality="CT", complication="Mild", age_band="Older-Adult"
    )
    assert (data.role, data.modality, data.complication, data.age_band) == (
        "assistant",
        "ct",
        "mild",
        "older-adult",
    )


@pytest.mark.parametrize("value", [*ROLES])
def test_every_role_is_accepted(catalogue: Catalogue, value: str) -> None:
    assert case(catalogue, role=value).role == value


def test_a_supervisor_the_trainee_cannot_name_is_refused(catalogue: Catalogue) -> None:
    message = only_error(catalogue, "supervisor", supervisor="faculty-zed")
    assert message == "'faculty-zed' is not a faculty member you can name"
    assert case(catalogue, supervisor="faculty-bob").supervisor == "faculty-bob"
    assert case(catalogue, supervisor="").supervisor is None


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("fluoro_minutes", "-1", "fluoroscopy time (minutes) must be between 0 and 10000"),
        ("fluoro_minutes", "10000.01", "fluoroscopy time (minutes) must be between 0 and 10000"),
        ("dap_gycm2", "-0.5", "dose-area product (Gy·cm²) must be between 0 and 1000000"),
        ("dap_gycm2", "1e7", "dose-area product (Gy·cm²) must be between 0 and 1000000"),
        ("air_kerma_mgy", "1000001", "reference air kerma (mGy) must be between 0 and 1000000"),
        ("air_kerma_mgy", "Infinity", "reference air kerma (mGy) must be between 0 and 1000000"),
        ("air_kerma_mgy", "NaN", "reference air kerma (mGy) must be between 0 and 1000000"),
        ("fluoro_minutes", "abc", "'abc' is not a number"),
        ("dap_gycm2", "1,5", "'1,5' is not a number"),
    ],
)
def test_negative_huge_or_non_numeric_doses_are_refused(
    catalogue: Catalogue, field: str, bad: str, message: str
) -> None:
    assert only_error(catalogue, field, **{field: bad}) == message


@pytest.mark.parametrize(
    ("field", "given", "stored"),
    [
        ("fluoro_minutes", "0", Decimal("0.00")),
        ("fluoro_minutes", "10000", Decimal("10000.00")),
        ("fluoro_minutes", " 3.456 ", Decimal("3.46")),
        ("dap_gycm2", "1000000", Decimal("1000000.00")),
        ("air_kerma_mgy", 250, Decimal("250.00")),
        ("air_kerma_mgy", "", None),
    ],
)
def test_doses_within_range_are_stored_to_two_decimals(
    catalogue: Catalogue, field: str, given: object, stored: Decimal | None
) -> None:
    assert getattr(case(catalogue, **{field: given}), field) == stored


def test_phi_in_the_notes_is_refused_saying_what_to_remove(catalogue: Catalogue) -> None:
    message = only_error(catalogue, "notes", notes="Mr. Johnson, MRN 12345678")
    assert message.startswith("This may identify a patient")
    assert "medical record number" in message and "patient name" in message
    assert "remove" in message


def test_clinical_notes_are_kept_as_written(catalogue: Catalogue) -> None:
    note = "Right IJ access, 8 Fr sheath, 2 coils"
    assert case(catalogue, notes=f"  {note} ").notes == note


def test_equal_cases_have_equal_fingerprints(catalogue: Catalogue) -> None:
    first = case(catalogue)
    again = case(
        catalogue, role="PRIMARY", fluoro_minutes="1.50", notes=" Right basilic vein, 4 Fr"
    )
    assert first == again
    assert fingerprint(7, first) == fingerprint(7, again)
    assert len(fingerprint(7, first)) == 64


def test_the_same_case_by_another_trainee_has_another_fingerprint(catalogue: Catalogue) -> None:
    assert fingerprint(7, case(catalogue)) != fingerprint(8, case(catalogue))


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "2026-11-19"},
        {"procedure": "port-chest"},
        {"role": "assistant"},
        {"supervisor": "faculty-bob"},
        {"modality": "fluoroscopy"},
        {"age_band": "child"},
        {"fluoro_minutes": "1.6"},
        {"dap_gycm2": ""},
        {"air_kerma_mgy": "46"},
        {"complication": "mild"},
        {"notes": "Left basilic vein, 4 Fr"},
    ],
)
def test_any_changed_field_changes_the_fingerprint(
    catalogue: Catalogue, changes: dict[str, object]
) -> None:
    original = case(catalogue)
    changed = case(catalogue, **changes)
    assert changed != original
    assert fingerprint(7, changed) != fingerprint(7, original)


def test_the_fingerprint_covers_every_field_of_a_case(catalogue: Catalogue) -> None:
    original = case(catalogue)
    for field in dataclasses.fields(CaseData):
        altered = dataclasses.replace(original, **{field.name: "something else"})
        assert fingerprint(7, altered) != fingerprint(7, original), field.name
