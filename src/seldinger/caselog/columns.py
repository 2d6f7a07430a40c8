"""Mapping the columns of another system's export onto a case's fields (pure core).

A hospital's export names its columns its own way ("Procedure Date", "CPT Code",
"Attending") and carries columns that identify the patient (MRN, name, accession,
date of birth). Each source column is mapped to one case field (``fields``) or
dropped; the mapping is suggested from the field names and their synonyms, and from
what the user chose last time (remembered by column title, never with any cell).
A column whose title says it identifies a patient is always dropped: it cannot be
mapped, and it is left out of what is remembered. A required field no column gives
may be filled with one value for every row (``role``: the trainee's role is rarely
in a hospital's export); no other field is, so no free text is remembered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from seldinger.caselog.fields import CASE_FIELDS, NAMES, REQUIRED
from seldinger.tabular import FileError, Row, Table

#: What a dropped column maps to.
DROP = ""

#: Other names of each field in exports, as ``normalise`` gives them.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "procedure date",
        "date of service",
        "service date",
        "dos",
        "exam date",
        "study date",
        "case date",
        "performed on",
        "performed",
        "date performed",
    ),
    "procedure": (
        "cpt",
        "cpt code",
        "cpt codes",
        "procedure code",
        "procedure name",
        "procedure key",
        "exam",
        "exam description",
        "study description",
        "procedure description",
    ),
    "role": ("trainee role", "resident role", "participation", "role in case"),
    "supervisor": (
        "attending",
        "attending physician",
        "attending username",
        "faculty",
        "supervising",
        "supervising physician",
        "supervising faculty",
        "staff",
        "staff radiologist",
    ),
    "modality": ("imaging modality", "guidance", "imaging guidance"),
    "age_band": ("age group", "age category", "patient age band"),
    "fluoro_minutes": ("fluoroscopy time", "fluoro time", "fluoro minutes", "fluoroscopy minutes"),
    "dap_gycm2": ("dap", "dose area product", "kap", "kerma area product"),
    "air_kerma_mgy": ("air kerma", "reference air kerma", "rak", "cumulative air kerma"),
    "complication": ("complications", "adverse event", "adverse events", "sir complication"),
    "notes": ("note", "comment", "comments", "remarks"),
}

#: Column titles that identify a patient, whole (as ``normalise`` gives them).
IDENTIFIER_TITLES = frozenset(
    {
        "mrn",
        "medical record number",
        "medical record no",
        "medical record",
        "record number",
        "patient",
        "patient name",
        "name",
        "first name",
        "last name",
        "given name",
        "family name",
        "surname",
        "full name",
        "patient first name",
        "patient last name",
        "accession",
        "accession number",
        "accession no",
        "acc",
        "acc no",
        "accession id",
        "dob",
        "date of birth",
        "birth date",
        "birthdate",
        "ssn",
        "social security number",
        "phone",
        "telephone",
        "phone number",
        "address",
        "street",
        "city",
        "zip",
        "zip code",
        "postal code",
        "email",
        "e mail",
        "patient id",
        "patient identifier",
        "patient number",
        "encounter",
        "encounter number",
        "encounter id",
        "csn",
        "fin",
        "fin number",
        "account number",
        "account",
        "visit number",
        "visit id",
        "health plan number",
        "insurance number",
        "member id",
    }
)
#: Words that make any title an identifier ("Patient MRN", "Accession #").
IDENTIFIER_WORDS = frozenset({"mrn", "accession", "dob", "ssn", "birth", "birthdate"})
_WORDS = re.compile(r"[a-z0-9]+")
_BY_NAME = {name: name for name in NAMES} | {
    synonym: name for name, synonyms in SYNONYMS.items() for synonym in synonyms
}
#: The fields a column may be mapped to, as the preview lists them.
LABELS: dict[str, str] = {field.name: field.label for field in CASE_FIELDS}


def normalise(title: str) -> str:
    """A title as compared: lower case, words only ("CPT Code #" -> "cpt code")."""
    return " ".join(_WORDS.findall(title.lower().replace("_", " ")))


def is_identifier(title: str) -> bool:
    """Whether a column titled so identifies a patient (then it is dropped, never stored)."""
    name = normalise(title)
    words = set(name.split())
    return (
        name in IDENTIFIER_TITLES
        or bool(words & IDENTIFIER_WORDS)
        or ("patient" in words and bool(words & {"name", "id", "number", "identifier"}))
        or "medical record" in name
    )


@dataclass(frozen=True)
class Column:
    """One source column and what it maps to (``DROP`` for nothing)."""

    position: int
    title: str
    field: str
    identifier: bool


@dataclass(frozen=True)
class ColumnMap:
    """Each column of a file mapped, and the values filling fields no column gives."""

    columns: tuple[Column, ...]
    fill: dict[str, str]

    @property
    def dropped_identifiers(self) -> list[str]:
        return [column.title for column in self.columns if column.identifier]

    def fields(self) -> dict[str, int]:
        """Field -> the position of its column."""
        return {column.field: column.position for column in self.columns if column.field}

    def missing(self) -> list[str]:
        """Required fields that neither a column nor a fill value gives."""
        given = self.fields()
        return [name for name in REQUIRED if name not in given and not self.fill.get(name)]

    def is_identity(self) -> bool:
        """Every column is already a case field by name, and none is an identifier."""
        return all(
            column.field == normalise(column.title).replace(" ", "_") for column in self.columns
        )

    def remembered(self) -> dict[str, object]:
        """What is kept for next time: titles (identifiers left out) and fill values."""
        return {
            "columns": {
                normalise(column.title): column.field
                for column in self.columns
                if not column.identifier and normalise(column.title)
            },
            "fill": dict(self.fill),
        }


def suggest(header: Sequence[str], remembered: Mapping[str, object] | None = None) -> ColumnMap:
    """A mapping for ``header``: what was chosen for a title before, else the field named
    (by its name or a synonym), else dropped; identifiers always dropped."""
    before = dict((remembered or {}).get("columns") or {})  # type: ignore[call-overload]
    fill = {
        name: str(value)
        for name, value in dict((remembered or {}).get("fill") or {}).items()  # type: ignore[call-overload]
        if name in REQUIRED and value
    }
    taken: set[str] = set()
    columns = []
    for position, title in enumerate(header):
        key = normalise(title)
        identifier = is_identifier(title)
        field = DROP
        if not identifier:
            guess = before.get(key, _BY_NAME.get(key, _BY_NAME.get(key.replace(" ", "_"), DROP)))
            if guess in NAMES and guess not in taken:
                field = guess
                taken.add(guess)
        columns.append(Column(position, title, field, identifier))
    return ColumnMap(
        tuple(columns), {name: value for name, value in fill.items() if name not in taken}
    )


def chosen(
    header: Sequence[str], choices: Sequence[str], fill: Mapping[str, str]
) -> tuple[ColumnMap, list[str]]:
    """The mapping a user chose (a field or ``DROP`` per column, in order), and what is wrong
    with it: a field chosen twice, an identifier mapped, a field unknown."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    columns = []
    for position, title in enumerate(header):
        field = choices[position] if position < len(choices) else DROP
        identifier = is_identifier(title)
        if field and field not in NAMES:
            errors.append(f"column {title!r}: {field!r} is not a case field")
            field = DROP
        elif field and identifier:
            errors.append(f"column {title!r} identifies a patient: it is never imported")
            field = DROP
        elif field in seen:
            errors.append(
                f"{LABELS[field]} is chosen for two columns: {seen[field]!r} and {title!r}"
            )
            field = DROP
        if field:
            seen[field] = title
        columns.append(Column(position, title, field, identifier))
    # Only required fields are filled: free text (notes) is never one value for every row,
    # nor remembered with the mapping.
    given = {
        name: value.strip() for name, value in fill.items() if name in REQUIRED and value.strip()
    }
    mapping = ColumnMap(tuple(columns), {name: v for name, v in given.items() if name not in seen})
    return mapping, errors


def apply(table: Table, mapping: ColumnMap) -> Table:
    """``table`` (read with no columns required) as a case file: the case's columns only,
    identifiers and dropped columns gone, fill values in every row."""
    missing = mapping.missing()
    if missing:
        names = ", ".join(LABELS[name] for name in missing)
        raise FileError(
            f"no column gives {names}: choose a column for {'it' if len(missing) == 1 else 'each'}"
            " or a value for every row",
            line=table.header_line,
        )
    source = mapping.fields()
    index = {name: position for position, name in enumerate(NAMES)}
    picks = [(source.get(name), mapping.fill.get(name, "")) for name in NAMES]

    def rows() -> Iterator[Row]:
        for row in table.rows:
            cells = row.cells
            width = len(cells)
            yield Row(
                row.line,
                tuple(
                    (cells[position] if position < width else "") if position is not None else fill
                    for position, fill in picks
                ),
            )

    return Table(header=NAMES, index=index, rows=rows(), header_line=table.header_line)
