"""Dose indices of a trainee's cases: medians, and the substantial radiation dose level flags.

Pure: the thresholds come in as numbers (``seldinger.rules`` parameters ``dose/*``, or a
program's own figures), the cases as their three indices.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

#: The indices a case carries, as (field, label, unit); the order the pages show them in.
INDICES: tuple[tuple[str, str, str], ...] = (
    ("dap_gycm2", "Dose-area product", "Gy·cm²"),
    ("air_kerma_mgy", "Reference air kerma", "mGy"),
    ("fluoro_minutes", "Fluoroscopy time", "min"),
)
INDEX_NAMES = tuple(name for name, _, _ in INDICES)

#: What the guidance asks for a case above a substantial radiation dose level.
FOLLOW_UP = (
    "Document the patient's dose in the medical record and arrange follow-up for possible "
    "skin injury (SIR 2009; NCRP Report No. 168)."
)


def median(values: Iterable[Decimal | float | int]) -> Decimal | None:
    """The median of ``values`` (the mean of the middle two for an even count); None if none."""
    ordered = sorted(Decimal(str(value)) for value in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def figure(value: Decimal | None) -> str:
    """A dose as people write it: thousands separated, no trailing zeros ("612", "42.5")."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01')).normalize():,f}"


@dataclass(frozen=True)
class Thresholds:
    """Substantial radiation dose levels of one procedure (None: not flagged by that index)."""

    dap_gycm2: Decimal | None
    air_kerma_mgy: Decimal | None
    fluoro_minutes: Decimal | None

    def flags(self, values: Mapping[str, Decimal | None]) -> list[str]:
        """The indices of a case at or above their level, each as "label value unit ≥ level"."""
        found = []
        for name, label, unit in INDICES:
            level = getattr(self, name)
            value = values.get(name)
            if level is not None and value is not None and value >= level:
                found.append(f"{label} {figure(value)} {unit} ≥ {figure(level)} {unit}")
        return found


class OverrideError(ValueError):
    """The program overrides setting is malformed (the message names where)."""


def parse_overrides(text: str) -> dict[int, dict[str, Decimal]]:
    """``SELDINGER_DOSE_SRDL_OVERRIDES``: JSON ``{"program id": {"index": number}}``."""
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise OverrideError(f"SELDINGER_DOSE_SRDL_OVERRIDES: not JSON ({error.msg})") from None
    if not isinstance(raw, dict):
        raise OverrideError("SELDINGER_DOSE_SRDL_OVERRIDES: expected an object of programs")
    parsed: dict[int, dict[str, Decimal]] = {}
    for program, figures in raw.items():
        where = f"SELDINGER_DOSE_SRDL_OVERRIDES: program {program!r}"
        if not str(program).isdigit() or not isinstance(figures, dict):
            raise OverrideError(f"{where}: expected a program id and an object of indices")
        parsed[int(program)] = {}
        for name, value in figures.items():
            if name not in INDEX_NAMES:
                raise OverrideError(f"{where}: unknown index {name!r} (one of {INDEX_NAMES})")
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise OverrideError(f"{where}: {name} must be a positive number")
            parsed[int(program)][name] = Decimal(str(value))
    return parsed


def for_program(
    default: Thresholds, overrides: Mapping[int, Mapping[str, Decimal]], program_id: int | None
) -> Thresholds:
    """The program's thresholds: the rule's, with the program's own figures where it set them."""
    own = overrides.get(program_id, {}) if program_id is not None else {}
    return replace(default, **own) if own else default
