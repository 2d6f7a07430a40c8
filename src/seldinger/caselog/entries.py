"""Validating one case (pure core): the same rules for the web form, the API and imports."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from operator import getitem
from typing import Any

from seldinger.caselog.catalogue import Catalogue, Procedure
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
#: The order in which a case's fields are checked, and so of their errors (each missing
#: field is named first).
CHECKED = (
    "date",
    "procedure",
    "role",
    "modality",
    "age_band",
    "complication",
    "supervisor",
    *DOSE_FIELDS,
    "notes",
)
REQUIRED_MESSAGE = "required"
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
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
    checker = CaseChecker(catalogue=catalogue, supervisors=supervisors, today=today)
    return checker.check([_text(raw.get(name)) for name in CHECKED])


class CaseChecker:
    """``validate_case`` for many cases checked against one catalogue, supervisor list and day.

    Each field's check depends on that field's text alone, so a checker remembers
    the outcome of each text it has seen in a field: an import checks every row
    with one checker, and a file repeats its dates, procedures, choices and notes
    (the patient-information patterns run once per distinct note).
    """

    def __init__(
        self, *, catalogue: Catalogue, supervisors: Collection[str], today: dt.date
    ) -> None:
        names = frozenset(supervisors)
        checks: dict[str, Callable[[str], object]] = {
            "date": lambda text: _date(text, today),
            "procedure": lambda text: _procedure(text, catalogue),
            "role": _choice("role", ROLES),
            "modality": _choice("modality", MODALITIES),
            "age_band": _choice("age_band", AGE_BANDS),
            "complication": _choice("complication", COMPLICATIONS, empty="none"),
            "supervisor": lambda text: _supervisor(text, names),
            **{name: _dose(name, label, ceiling) for name, (label, ceiling) in DOSE_FIELDS.items()},
            "notes": _notes,
        }
        #: Set once any text is found wrong: until then no row needs searching for errors.
        self._failed: list[bool] = []
        self._seen = [_Outcomes(name, checks[name], self._failed) for name in CHECKED]

    def check(self, texts: Sequence[str]) -> tuple[CaseData | None, list[FieldError]]:
        """One case from its texts in ``CHECKED`` order (blanks around a text are ignored)."""
        values, errors = self.values(texts)
        return (None, errors) if values is None else (CaseData(*values), [])

    def values(self, texts: Sequence[str]) -> tuple[tuple[Any, ...] | None, list[FieldError]]:
        """``check`` without making the case: its values in the order of ``CaseData``'s fields.

        For an import, which keeps the values of every row and makes a case of none.
        """
        outcomes = list(map(getitem, self._seen, texts))
        if self._failed and FieldError in map(type, outcomes):
            errors = [value for value in outcomes if type(value) is FieldError]
            # Every missing field first, then the other errors in the order checked.
            return None, sorted(errors, key=lambda error: error.message != REQUIRED_MESSAGE)
        (
            performed_on,
            procedure,
            role,
            modality,
            age_band,
            complication,
            supervisor,
            fluoro_minutes,
            dap_gycm2,
            air_kerma_mgy,
            notes,
        ) = outcomes
        return (
            performed_on,
            procedure.key,
            procedure.category,
            role,
            supervisor,
            modality,
            age_band,
            fluoro_minutes,
            dap_gycm2,
            air_kerma_mgy,
            complication,
            notes,
        ), []


class _Outcomes(dict[str, Any]):
    """Text -> its field's clean value or FieldError, each text checked on first sight."""

    def __init__(self, name: str, check: Callable[[str], object], failed: list[bool]) -> None:
        super().__init__()
        self.name = name
        self.required = name in REQUIRED
        self.field_check = check
        self.failed = failed

    def __missing__(self, text: str) -> object:
        clean = text.strip()
        if not clean and self.required:
            outcome: object = FieldError(self.name, REQUIRED_MESSAGE)
        else:
            outcome = self.field_check(clean)
        if type(outcome) is FieldError and not self.failed:
            self.failed.append(True)
        self[text] = outcome
        return outcome


def _date(text: str, today: dt.date) -> dt.date | FieldError | None:
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        performed_on = dt.date.fromisoformat(text)
    except ValueError:
        return FieldError("date", f"{text!r} is not a date (YYYY-MM-DD)")
    if performed_on > today:
        return FieldError("date", f"{performed_on} is in the future")
    if performed_on < EARLIEST_CASE_DATE:
        return FieldError("date", f"{performed_on} is before {EARLIEST_CASE_DATE}")
    return performed_on


def _procedure(text: str, catalogue: Catalogue) -> Procedure | FieldError:
    procedure = catalogue.resolve(text)
    named = catalogue.by_cpt(text) if procedure is None else []
    if len(named) > 1:
        names = "; ".join(f"{item.key} ({item.name})" for item in named)
        return FieldError(
            "procedure",
            f"CPT {text.strip()} names several procedures: choose one of {names}",
        )
    if procedure is None:
        return FieldError(
            "procedure", f"{text!r} is not a catalogue key or a CPT code of one procedure"
        )
    return procedure


def _choice(name: str, allowed: tuple[str, ...], empty: str = "") -> Callable[[str], object]:
    def check(text: str) -> str | FieldError:
        if not text:
            return empty
        if text.lower() not in allowed:
            return FieldError(name, f"{text!r} is not one of {', '.join(allowed)}")
        return text.lower()

    return check


def _supervisor(text: str, supervisors: frozenset[str]) -> str | FieldError | None:
    if text and text not in supervisors:
        return FieldError("supervisor", f"{text!r} is not a faculty member you can name")
    return text or None


def _dose(name: str, label: str, ceiling: Decimal) -> Callable[[str], object]:
    def check(text: str) -> Decimal | FieldError | None:
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return FieldError(name, f"{text!r} is not a number")
        if not number.is_finite() or number < 0 or number > ceiling:
            return FieldError(name, f"{label} must be between 0 and {ceiling}")
        # "+ 0" folds -0 into 0, so equal doses give equal fingerprints.
        return number.quantize(_CENT) + 0

    return check


def _notes(text: str) -> str | FieldError:
    problem = phi_message(text) if text else None
    return FieldError("notes", problem) if problem else text


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
