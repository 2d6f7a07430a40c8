"""A case's shape, written once (pure core).

Each field of a case has a name (the column of import and export files, the
field of the API and of the web form) and an attribute (on ``CaseEntry`` and
``entries.CaseData``, and the key in the audit record); the two differ where a
column reads better than the stored name (``date`` is ``performed_on``). The
import and export columns, the API's schemas, the audit record and the form's
initial values are all derived from ``CASE_FIELDS``, in its order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["date", "text", "user", "number"]
"""``user``: a supervisor, given and shown by username; ``number``: a decimal dose."""


@dataclass(frozen=True)
class CaseField:
    name: str
    attribute: str
    kind: Kind
    required: bool
    #: How a case's history names the field.
    label: str
    #: What the API documentation says of the field.
    description: str
    #: The API's value when a request leaves the field out.
    default: str | None = ""

    def exported(self, value: Any) -> str:
        """The cell of an export file (which imports again)."""
        if value is None:
            return ""
        return value.isoformat() if self.kind == "date" else str(value)

    def recorded(self, value: Any) -> Any:
        """The value in the audit record: text, or None for an empty date, user or number."""
        if value is None:
            return None
        if self.kind == "date":
            return value.isoformat()
        return str(value) if self.kind == "number" else value

    def shown(self, value: Any) -> Any:
        """The value in the API's answer: a date, a number, text or None."""
        if self.kind == "number" and value is not None:
            return float(value)
        return value

    def initial(self, value: Any) -> Any:
        """The web form's initial value."""
        if self.kind == "number":
            return "" if value is None else f"{Decimal(value).normalize():f}"
        if self.kind == "user":
            return value or ""
        return value


CASE_FIELDS: tuple[CaseField, ...] = (
    CaseField(
        name="date",
        attribute="performed_on",
        kind="date",
        required=True,
        label="Date",
        description="YYYY-MM-DD; default today (on PUT: unchanged)",
        default=None,
    ),
    CaseField(
        name="procedure",
        attribute="procedure_key",
        kind="text",
        required=True,
        label="Procedure",
        description="Catalogue key, or a CPT code naming one procedure",
    ),
    CaseField(
        name="role",
        attribute="role",
        kind="text",
        required=True,
        label="Role",
        description="primary, assistant or observer",
    ),
    CaseField(
        name="supervisor",
        attribute="supervisor",
        kind="user",
        required=False,
        label="Supervisor",
        description="Username of the supervising faculty",
        default=None,
    ),
    CaseField(
        name="modality",
        attribute="modality",
        kind="text",
        required=True,
        label="Modality",
        description="fluoroscopy, ct, ultrasound, mri or cbct",
    ),
    CaseField(
        name="age_band",
        attribute="age_band",
        kind="text",
        required=False,
        label="Age band",
        description="infant, child, adolescent, adult or older-adult",
    ),
    CaseField(
        name="fluoro_minutes",
        attribute="fluoro_minutes",
        kind="number",
        required=False,
        label="Fluoroscopy time (min)",
        description="Fluoroscopy time (min)",
        default=None,
    ),
    CaseField(
        name="dap_gycm2",
        attribute="dap_gycm2",
        kind="number",
        required=False,
        label="Dose-area product (Gy·cm²)",
        description="Dose-area product (Gy·cm²)",
        default=None,
    ),
    CaseField(
        name="air_kerma_mgy",
        attribute="air_kerma_mgy",
        kind="number",
        required=False,
        label="Reference air kerma (mGy)",
        description="Reference air kerma (mGy)",
        default=None,
    ),
    CaseField(
        name="complication",
        attribute="complication",
        kind="text",
        required=False,
        label="Complication",
        description="none, or SIR: mild, moderate, severe, life-threatening, death",
        default="none",
    ),
    CaseField(
        name="notes",
        attribute="notes",
        kind="text",
        required=False,
        label="Notes",
        description="Free text without anything identifying the patient",
    ),
)
#: The names, in the order of export files.
NAMES: tuple[str, ...] = tuple(field.name for field in CASE_FIELDS)
REQUIRED: tuple[str, ...] = tuple(field.name for field in CASE_FIELDS if field.required)
#: How a case's history names each audited attribute: the fields, then the review.
HISTORY_LABELS: dict[str, str] = {
    **{field.attribute: field.label for field in CASE_FIELDS},
    "status": "Status",
    "return_comment": "Return comment",
}


def values_of(case: Any) -> dict[str, Any]:
    """Attribute -> value of a stored case (or ``CaseData``), a supervisor by username."""
    values = {field.attribute: getattr(case, field.attribute) for field in CASE_FIELDS}
    supervisor = values["supervisor"]
    if supervisor is not None and not isinstance(supervisor, str):
        values["supervisor"] = supervisor.username
    return values


def export_row(values: Mapping[str, Any]) -> list[str]:
    """One case's cells, in the columns of an export file."""
    return [field.exported(values[field.attribute]) for field in CASE_FIELDS]


def audit_record(values: Mapping[str, Any], *, status: str, return_comment: str) -> dict[str, Any]:
    """The audited state of a case."""
    return {
        **{field.attribute: field.recorded(values[field.attribute]) for field in CASE_FIELDS},
        "status": status,
        "return_comment": return_comment,
    }


def shown(values: Mapping[str, Any]) -> dict[str, Any]:
    """Name -> the API's value of each field."""
    return {field.name: field.shown(values[field.attribute]) for field in CASE_FIELDS}


def initial(values: Mapping[str, Any]) -> dict[str, Any]:
    """Name -> the web form's initial value of each field."""
    return {field.name: field.initial(values[field.attribute]) for field in CASE_FIELDS}
