"""Rows for the ACGME Case Log and the Milestones entry (pure core, no Django).

What the ACGME publishes in our sources: a case may carry several CPT codes with one
primary; the Case Log's categories and minimums are set per specialty. The IR Case Log's
own category list and the order of its entry form are not public in our sources, so the
category is the program's setting (``SELDINGER_ACGME_CASE_CATEGORIES``), blank where
unset, and the columns follow the fields a Case Log entry asks for, in the order below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

#: The columns of the "to enter" list and its export, in order.
CASE_LOG_COLUMNS = ("date", "role", "cpt_codes", "category", "attending", "procedure", "case_id")
#: The columns of the milestones export: one row per resident and subcompetency.
MILESTONE_COLUMNS = ("resident", "subcompetency", "level")


@dataclass(frozen=True)
class CaseLogRow:
    case_id: int
    date: dt.date
    role: str
    cpt_codes: tuple[str, ...]
    category: str
    attending: str
    procedure: str

    @property
    def primary_cpt(self) -> str:
        return self.cpt_codes[0] if self.cpt_codes else ""

    def cells(self) -> tuple[str | int, ...]:
        return (
            self.date.isoformat(),
            self.role,
            " ".join(self.cpt_codes),
            self.category,
            self.attending,
            self.procedure,
            self.case_id,
        )


def acgme_category(catalogue_category: str, mapping: Mapping[str, str]) -> str:
    """The program's ACGME category for a catalogue category; blank when it set none."""
    return mapping.get(catalogue_category, "")


def level_text(level: object) -> str:
    """A milestone level as entered: ``4`` or ``3.5``; "not yet assessable" as the NYA mark."""
    if level is None or level == "nya":
        return "Not yet assessable"
    number = float(str(level))
    return str(int(number)) if number.is_integer() else str(number)
