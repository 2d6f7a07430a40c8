"""The rows of a case list and of the verification queue, read as plain values.

A page of 50 cases read as model instances builds 50 cases and 50 users with every column
(notes, doses, passwords' hashes); the rows show eight fields and one person's name. So
the page's query selects those (``values()``) and each row is a ``CaseRow`` with its
labels worked out once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import QuerySet

from seldinger.caselog.catalogue import Catalogue
from seldinger.caselog.models import CaseEntry, CaseRole, Complication, Modality

#: Whose name a row shows: the supervisor on a trainee's list, the trainee in a queue.
Person = Literal["supervisor", "trainee"]

FIELDS = ("pk", "performed_on", "procedure_key", "role", "modality", "complication", "status")
NAME_FIELDS = ("first_name", "last_name", "username")

ROLES = dict(CaseRole.choices)
MODALITIES = dict(Modality.choices)
COMPLICATIONS = dict(Complication.choices)
STATUSES = dict(CaseEntry.Status.choices)


@dataclass(frozen=True)
class CaseRow:
    """One case as a list shows it (labels as ``get_FOO_display`` gives them)."""

    pk: int
    performed_on: dt.date
    procedure: str
    role: str
    modality: str
    #: The complication's label; empty when there was none.
    complication: str
    status: str
    status_label: str
    #: The supervisor's or the trainee's full name (else username); empty for nobody.
    person: str


def case_values(cases: QuerySet[CaseEntry], person: Person) -> QuerySet[Any]:
    """``cases`` (ordered as given) selecting only what a row shows, ready to be paged."""
    values: QuerySet[Any] = cases.values(*FIELDS, *(f"{person}__{name}" for name in NAME_FIELDS))
    return values


def case_rows(
    values: Iterable[Mapping[str, Any]], catalogue: Catalogue, person: Person
) -> list[CaseRow]:
    """The rows of ``case_values``' items (a page of them)."""
    rows = []
    for item in values:
        procedure = catalogue.get(item["procedure_key"])
        complication = item["complication"]
        rows.append(
            CaseRow(
                pk=item["pk"],
                performed_on=item["performed_on"],
                procedure=procedure.name if procedure else item["procedure_key"],
                role=ROLES.get(item["role"], item["role"]),
                modality=MODALITIES.get(item["modality"], item["modality"]),
                complication=(
                    ""
                    if complication == Complication.NONE
                    else COMPLICATIONS.get(complication, complication)
                ),
                status=item["status"],
                status_label=STATUSES.get(item["status"], item["status"]),
                person=_name(item, person),
            )
        )
    return rows


def queue_row(case_id: int, catalogue: Catalogue) -> CaseRow:
    """One case's row in the verification queue (after verifying it)."""
    item = case_values(CaseEntry.objects.filter(pk=case_id), "trainee").get()
    return case_rows([item], catalogue, "trainee")[0]


def _name(item: Mapping[str, Any], person: Person) -> str:
    first, last, username = (item[f"{person}__{name}"] for name in NAME_FIELDS)
    if username is None:
        return ""
    return f"{first} {last}".strip() or username
