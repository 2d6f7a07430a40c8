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
from operator import attrgetter, itemgetter
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
    #: The longest text the API and the form take (a date or number's text too).
    max_length: int = 200

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


#: The API's value for a field a request leaves out, by kind: empty text, or no value.
DEFAULTS: dict[Kind, str | None] = {"date": None, "text": "", "user": None, "number": None}


def _field(
    name: str,
    kind: Kind,
    label: str,
    description: str = "",
    *,
    required: bool = False,
    attribute: str = "",
    default: str | None = "",
    max_length: int = 200,
) -> CaseField:
    """A field named as its attribute, described by its label, defaulted by its kind."""
    return CaseField(
        name=name,
        attribute=attribute or name,
        kind=kind,
        required=required,
        label=label,
        description=description or label,
        default=default or DEFAULTS[kind],
        max_length=max_length,
    )


CASE_FIELDS: tuple[CaseField, ...] = (
    _field(
        "date",
        "date",
        "Date",
        "YYYY-MM-DD; default today (on PUT: unchanged)",
        required=True,
        attribute="performed_on",
    ),
    _field(
        "procedure",
        "text",
        "Procedure",
        "Catalogue key, or a CPT code naming one procedure",
        required=True,
        attribute="procedure_key",
    ),
    _field("role", "text", "Role", "primary, assistant or observer", required=True),
    _field("supervisor", "user", "Supervisor", "Username of the supervising faculty"),
    _field(
        "modality", "text", "Modality", "fluoroscopy, ct, ultrasound, mri or cbct", required=True
    ),
    _field("age_band", "text", "Age band", "infant, child, adolescent, adult or older-adult"),
    _field("fluoro_minutes", "number", "Fluoroscopy time (min)"),
    _field("dap_gycm2", "number", "Dose-area product (Gy·cm²)"),
    _field("air_kerma_mgy", "number", "Reference air kerma (mGy)"),
    _field(
        "complication",
        "text",
        "Complication",
        "none, or SIR: mild, moderate, severe, life-threatening, death",
        default="none",
    ),
    _field(
        "notes",
        "text",
        "Notes",
        "Free text without anything identifying the patient",
        max_length=2000,
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


#: The longest comment a supervisor returns a case with.
RETURN_COMMENT_MAX_LENGTH = 2000
#: The longest text each field takes.
MAX_LENGTHS: dict[str, int] = {field.name: field.max_length for field in CASE_FIELDS}
ATTRIBUTES: tuple[str, ...] = tuple(field.attribute for field in CASE_FIELDS)
#: A case's values, in the order of ``CASE_FIELDS``.
case_values = attrgetter(*ATTRIBUTES)
_mapped_values = itemgetter(*ATTRIBUTES)


def values_of(case: Any) -> dict[str, Any]:
    """Attribute -> value of a stored case (or ``CaseData``), a supervisor by username."""
    values = dict(zip(ATTRIBUTES, case_values(case), strict=True))
    supervisor = values["supervisor"]
    if supervisor is not None and not isinstance(supervisor, str):
        values["supervisor"] = supervisor.username
    return values


def export_row(values: Mapping[str, Any]) -> list[str]:
    """One case's cells, in the columns of an export file."""
    return [field.exported(values[field.attribute]) for field in CASE_FIELDS]


#: The fields whose audited value is not the value itself (``CaseField.recorded``).
_RECORDED = tuple(field for field in CASE_FIELDS if field.kind in ("date", "number"))


def audit_record(values: Mapping[str, Any], *, status: str, return_comment: str) -> dict[str, Any]:
    """The audited state of a case."""
    record = dict(zip(ATTRIBUTES, _mapped_values(values), strict=True))
    for field in _RECORDED:
        record[field.attribute] = field.recorded(record[field.attribute])
    record["status"] = status
    record["return_comment"] = return_comment
    return record


def shown(values: Mapping[str, Any]) -> dict[str, Any]:
    """Name -> the API's value of each field."""
    return {field.name: field.shown(values[field.attribute]) for field in CASE_FIELDS}


def initial(values: Mapping[str, Any]) -> dict[str, Any]:
    """Name -> the web form's initial value of each field."""
    return {field.name: field.initial(values[field.attribute]) for field in CASE_FIELDS}
