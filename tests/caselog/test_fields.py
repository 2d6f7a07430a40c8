"""A case's shape is written once: the files, the API, the form and the audit record agree."""

import dataclasses

import pytest

from seldinger.caselog import fields
from seldinger.caselog.api import CaseIn, CaseOut
from seldinger.caselog.entries import CaseData
from seldinger.caselog.forms import CaseForm
from seldinger.caselog.importer import COLUMNS, REQUIRED_COLUMNS
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db


def test_every_field_is_stored_on_a_case_and_checked_into_case_data():
    attributes = [field.attribute for field in fields.CASE_FIELDS]
    assert {item.name for item in dataclasses.fields(CaseData)} == {*attributes, "category_key"}
    stored = {field.name for field in CaseEntry._meta.concrete_fields}
    assert set(attributes) <= stored


def test_files_api_and_form_use_the_field_names_in_one_order():
    assert (
        COLUMNS
        == fields.NAMES
        == (
            "date",
            "procedure",
            "role",
            "supervisor",
            "modality",
            "age_band",
            "fluoro_minutes",
            "dap_gycm2",
            "air_kerma_mgy",
            "complication",
            "notes",
        )
    )
    assert REQUIRED_COLUMNS == ("date", "procedure", "role", "modality")
    assert tuple(CaseIn.model_fields) == fields.NAMES
    assert [name for name in CaseOut.model_fields if name in fields.NAMES] == list(fields.NAMES)
    assert set(fields.NAMES) <= set(CaseForm.base_fields)


def test_the_audit_record_names_the_stored_attributes(resident, faculty):
    case = CaseEntry.objects.create(
        trainee=resident,
        performed_on="2025-01-02",
        procedure_key="picc",
        category_key="venous-access",
        role="primary",
        supervisor=faculty,
        modality="ultrasound",
        fluoro_minutes="1.50",
        notes="=left arm",
        fingerprint="x",
    )
    case.refresh_from_db()
    values = fields.values_of(case)
    assert fields.audit_record(values, status="pending", return_comment="") == {
        "performed_on": "2025-01-02",
        "procedure_key": "picc",
        "role": "primary",
        "supervisor": "faculty",
        "modality": "ultrasound",
        "age_band": "",
        "fluoro_minutes": "1.50",
        "dap_gycm2": None,
        "air_kerma_mgy": None,
        "complication": "none",
        "notes": "=left arm",
        "status": "pending",
        "return_comment": "",
    }
    assert fields.export_row(values) == [
        "2025-01-02",
        "picc",
        "primary",
        "faculty",
        "ultrasound",
        "",
        "1.50",
        "",
        "",
        "none",
        "=left arm",
    ]
