"""Validating one case (pure core): the same rules for the web form, the API and imports."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from seldinger.caselog.catalogue import Catalogue
from seldinger.caselog.fields import NAMES, REQUIRED
from seldinger.caselog.phi import phi_message

ROLES = ("primary", "assistant", "observer")
MODALITIES = ("fluoroscopy", "ct", "ultrasound", "mri", "cbct")
AGE_BANDS = ("infant", "child", "adolescent", "adult", "older-adult")
COMPLICATIONS = ("none", "mild", "moderate", "severe", "life-threatening", "death")
EARLIEST_CASE_DATE = dt.date(1990, 1, 1)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DOSE_FIELDS = {
    "fluoro_minutes": ("fluoroscopy time (minutes)", Decimal("10000")),
    "dap_gycm2": ("dose-area product (Gy·cm²)", Decimal("1000000")),
    "air_kerma_mgy": ("reference air kerma (mGy)", Decimal("1000000")),
}
#: The text fields of a case (the import columns), and those it must have: see ``fields``.
FIELDS = NAMES


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class CaseData:
    performed_on: dt.date
    procedure_key: str
    category_key: str
    role: str
    supervisor: str | None
    modality: str
    age_band: str
    fluoro_minutes: Decimal | None
    dap_gycm2: Decimal | None
    air_kerma_mgy: Decimal | None
    complication: str
    notes: str


def validate_case(
    raw: Mapping[str, object],
    *,
    catalogue: Catalogue,
    supervisors: Collection[str],
    today: dt.date,
) -> tuple[CaseData | None, list[FieldError]]:
    """Check one case given as text fields; returns the clean case or every error found."""
    value = {name: _text(raw.get(name)) for name in FIELDS}
    errors: list[FieldError] = []
    for name in REQUIRED:
        if not value[name]:
            errors.append(FieldError(name, "required"))

    performed_on = None
    if value["date"]:
        try:
            if not ISO_DATE.fullmatch(value["date"]):
                raise ValueError(value["date"])
            performed_on = dt.date.fromisoformat(value["date"])
        except ValueError:
            errors.append(FieldError("date", f"{value['date']!r} is not a date (YYYY-MM-DD)"))
        else:
            if performed_on > today:
                errors.append(FieldError("date", f"{performed_on} is in the future"))
            elif performed_on < EARLIEST_CASE_DATE:
                errors.append(FieldError("date", f"{performed_on} is before {EARLIEST_CASE_DATE}"))

    procedure = catalogue.resolve(value["procedure"]) if value["procedure"] else None
    if value["procedure"] and procedure is None:
        errors.append(
            FieldError(
                "procedure",
                f"{value['procedure']!r} is not a catalogue key or a CPT code of one procedure",
            )
        )
    choices: dict[str, tuple[str, ...]] = {
        "role": ROLES,
        "modality": MODALITIES,
        "age_band": AGE_BANDS,
        "complication": COMPLICATIONS,
    }
    for name, allowed in choices.items():
        if value[name] and value[name].lower() not in allowed:
            errors.append(FieldError(name, f"{value[name]!r} is not one of {', '.join(allowed)}"))
    if value["supervisor"] and value["supervisor"] not in supervisors:
        errors.append(
            FieldError(
                "supervisor", f"{value['supervisor']!r} is not a faculty member you can name"
            )
        )

    doses: dict[str, Decimal | None] = {}
    for name, (label, ceiling) in DOSE_FIELDS.items():
        doses[name] = None
        if value[name]:
            try:
                number = Decimal(value[name])
            except InvalidOperation:
                errors.append(FieldError(name, f"{value[name]!r} is not a number"))
                continue
            if not number.is_finite() or number < 0 or number > ceiling:
                errors.append(FieldError(name, f"{label} must be between 0 and {ceiling}"))
                continue
            # "+ 0" folds -0 into 0, so equal doses give equal fingerprints.
            doses[name] = number.quantize(Decimal("0.01")) + 0

    if value["notes"]:
        problem = phi_message(value["notes"])
        if problem:
            errors.append(FieldError("notes", problem))

    if errors or performed_on is None or procedure is None:
        return None, errors
    return (
        CaseData(
            performed_on=performed_on,
            procedure_key=procedure.key,
            category_key=procedure.category,
            role=value["role"].lower(),
            supervisor=value["supervisor"] or None,
            modality=value["modality"].lower(),
            age_band=value["age_band"].lower(),
            fluoro_minutes=doses["fluoro_minutes"],
            dap_gycm2=doses["dap_gycm2"],
            air_kerma_mgy=doses["air_kerma_mgy"],
            complication=(value["complication"] or "none").lower(),
            notes=value["notes"],
        ),
        [],
    )


def fingerprint(trainee_id: int, case: CaseData) -> str:
    """Same trainee and same case fields give the same fingerprint (to spot re-imports)."""
    fields = {key: str(item) for key, item in sorted(asdict(case).items())}
    text = "|".join([str(trainee_id), *(f"{key}={item}" for key, item in fields.items())])
    return hashlib.sha256(text.encode()).hexdigest()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets store CPT codes as numbers
    return str(value).strip()
