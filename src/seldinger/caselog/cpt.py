"""Choosing the procedure of a CPT code that names several (pure core).

37243 is the code of TACE, of radioembolization and of uterine fibroid embolization:
a file giving only the code cannot say which was done. The user chooses, once for
every row of a code or row by row; a row's own choice wins. The choices are
written ``CODE=KEY`` (every row) and ``CODE@LINE=KEY`` (the row on that line) at
the command line and in the API, and each must be one of the code's procedures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from seldinger.caselog.catalogue import Catalogue
from seldinger.errors import ErrorItem, Invalid
from seldinger.tabular import Row, Table


@dataclass
class CptChoices:
    """Code -> procedure key for every row; (line, code) -> key for one row."""

    codes: dict[str, str] = field(default_factory=dict)
    rows: dict[tuple[int, str], str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.codes or self.rows)

    def as_dict(self) -> dict[str, dict[str, str]]:
        """JSON-safe, for a session or a job's parameters (``from_dict`` reads it back)."""
        return {
            "codes": dict(self.codes),
            "rows": {f"{code}@{line}": key for (line, code), key in self.rows.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, dict[str, str]] | None) -> CptChoices:
        choices = cls(codes=dict((data or {}).get("codes") or {}))
        for where, key in ((data or {}).get("rows") or {}).items():
            code, _, line = where.partition("@")
            choices.rows[(int(line), code)] = key
        return choices

    def options(self) -> list[str]:
        """The choices as the CLI and the API write them."""
        return [
            *(f"{code}={key}" for code, key in self.codes.items()),
            *(f"{code}@{line}={key}" for (line, code), key in self.rows.items()),
        ]


def parse(options: Iterable[str], catalogue: Catalogue, *, field_name: str = "cpt") -> CptChoices:
    """``CODE=KEY`` and ``CODE@LINE=KEY`` options as choices; Invalid naming each bad one."""
    choices = CptChoices()
    errors: list[ErrorItem] = []
    for option in options:
        where, sep, key = option.partition("=")
        code, at, line = where.strip().partition("@")
        code, key = code.strip(), key.strip().lower()
        if not sep or not code or not key or (at and not line.strip().isdigit()):
            errors.append(
                ErrorItem(field_name, f"{option!r}: write CODE=KEY or CODE@LINE=KEY (37243=tace)")
            )
            continue
        problem = check_choice(catalogue, code, key)
        if problem:
            errors.append(ErrorItem(field_name, f"{option!r}: {problem}"))
        elif at:
            choices.rows[(int(line), code)] = key
        else:
            choices.codes[code] = key
    if errors:
        raise Invalid(errors[0].message, errors=errors)
    return choices


def check_choice(catalogue: Catalogue, code: str, key: str) -> str | None:
    """What is wrong with choosing ``key`` for ``code``, or None."""
    named = catalogue.by_cpt(code)
    if len(named) < 2:
        return f"CPT {code} does not name several procedures; nothing to choose"
    if key not in {procedure.key for procedure in named}:
        return f"{key!r} is not one of CPT {code}'s procedures ({', '.join(p.key for p in named)})"
    return None


@dataclass(frozen=True)
class Ambiguous:
    """A row whose procedure is a code naming several procedures, and whether it is chosen."""

    line: int
    code: str
    chosen: str


def resolve(
    table: Table,
    catalogue: Catalogue,
    choices: CptChoices,
    found: list[Ambiguous],
) -> Table:
    """``table`` with each ambiguous code replaced by the procedure chosen for its row or
    code; every ambiguous row (chosen or not) is added to ``found`` as it is read."""
    position = table.index.get("procedure")
    if position is None:
        return table
    ambiguous = {code for code, named in catalogue.cpt_index().items() if len(named) > 1}

    def rows() -> Iterator[Row]:
        for row in table.rows:
            cells = row.cells
            code = cells[position].strip() if position < len(cells) else ""
            if code not in ambiguous:
                yield row
                continue
            key = choices.rows.get((row.line, code)) or choices.codes.get(code, "")
            found.append(Ambiguous(row.line, code, key))
            if key:
                cells = (*cells[:position], key, *cells[position + 1 :])
            yield Row(row.line, cells)

    return Table(table.header, table.index, rows(), table.header_line)
