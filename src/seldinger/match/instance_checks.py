"""Checking a match instance one field at a time (a pure core).

:mod:`seldinger.match.parse` checks whole columns and lists in C-level passes; when one of
them finds something wrong, these plain loops walk that part of the input again, in input
order, and raise an :class:`~seldinger.match.instance.InstanceError` naming the first
problem and where (``applicants[12].rank_list[3]: unknown program 'P99'``). They also hold
the parts of an instance by id once their own fields are checked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seldinger.match.instance import KINDS, InstanceError

__all__ = [
    "ApplicantRow",
    "Applicants",
    "CoupleRow",
    "ProgramRow",
    "Programs",
    "applicants_one_by_one",
    "checked_list",
    "compact",
    "json_applicants",
    "json_programs",
    "kind_of",
    "pairs_one_by_one",
    "programs_one_by_one",
    "resolve",
    "supplemental_one_by_one",
]


def kind_of(value: object) -> str:
    """What a JSON value is, in words, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def checked_id(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: expected a non-empty string id, got {kind_of(value)}")
    return value


def checked_list(value: object, where: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise InstanceError(f"{where}: expected a list, got {kind_of(value)}")
    return value


def checked_positions(count: object, where: str) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        shown = repr(count) if isinstance(count, int | float) else kind_of(count)
        raise InstanceError(f"{where}: expected a non-negative whole number, got {shown}")
    return count


def checked_kind(kind: object, where: str) -> str:
    if not isinstance(kind, str) or kind not in KINDS:
        shown = repr(kind) if isinstance(kind, str) else kind_of(kind)
        raise InstanceError(f"{where}: expected one of {', '.join(KINDS)}, got {shown}")
    return kind


def resolve(
    ids: Sequence[Any], index: dict[str, int], where: str, what: str, *, check_repeats: bool = True
) -> list[int]:
    """Map ids to numbers; refuse unknown ids and repeats, naming the first offender."""
    try:
        numbers = list(map(index.__getitem__, ids))
    except (KeyError, TypeError):
        for position, x in enumerate(ids):
            if not isinstance(x, str):
                raise InstanceError(
                    f"{where}[{position}]: expected a {what} id (a string), got {kind_of(x)}"
                ) from None
            if x not in index:
                raise InstanceError(f"{where}[{position}]: unknown {what} {x!r}") from None
        raise  # pragma: no cover - the loop finds it
    if check_repeats and len(numbers) > 1 and len(set(numbers)) != len(numbers):
        repeated(ids, numbers, where, what)
    return numbers


def repeated(ids: Sequence[Any], numbers: list[int], where: str, what: str) -> None:
    seen: set[int] = set()
    for position, number in enumerate(numbers):
        if number in seen:
            raise InstanceError(f"{where}[{position}]: {what} {ids[position]!r} listed twice")
        seen.add(number)


@dataclass(slots=True)
class Programs:
    ids: list[str]
    index: dict[str, int]
    positions: list[int]
    kinds: list[str]
    reverts_to: list[object]
    rank_lists: list[Sequence[Any]]


#: (id, positions, kind, rank_list, reverts_to) of one program, unchecked.
ProgramRow = tuple[object, object, object, object, object]
#: (id, rank_list, supplemental lists or None) of one applicant, unchecked.
ApplicantRow = tuple[object, object, object]
#: (members, rank_list) of one couple, unchecked.
CoupleRow = tuple[Any, Any]


def programs_one_by_one(rows: Iterable[ProgramRow]) -> Programs:
    """Check each program's own fields, in input order: the first problem, named."""
    found = Programs([], {}, [], [], [], [])
    index = found.index
    for number, (pid, count, kind, ranked, reverts_to) in enumerate(rows):
        where = f"programs[{number}]"
        pid = checked_id(pid, f"{where}.id")
        if pid in index:
            raise InstanceError(f"{where}.id: duplicate program id {pid!r}")
        index[pid] = number
        found.ids.append(pid)
        found.positions.append(checked_positions(count, f"{where}.positions"))
        found.kinds.append(checked_kind(kind, f"{where}.kind"))
        found.rank_lists.append(checked_list(ranked, f"{where}.rank_list"))
        found.reverts_to.append(reverts_to)
    found.ids, found.index = compact(found.ids)
    return found


def json_programs(entries: Sequence[Any]) -> Iterator[ProgramRow]:
    for number, program in enumerate(entries):
        if not isinstance(program, dict):
            raise InstanceError(f"programs[{number}]: expected an object, got {kind_of(program)}")
        yield (
            program.get("id"),
            program.get("positions"),
            program.get("kind", "categorical"),
            program.get("rank_list", []),
            program.get("reverts_to"),
        )


@dataclass(slots=True)
class Applicants:
    ids: list[str]
    index: dict[str, int]
    rank_lists: list[Sequence[Any]]
    #: (applicant number, supplemental lists) for those that have any.
    supplemental: list[tuple[int, Mapping[Any, Any]]]


def applicants_one_by_one(rows: Iterable[ApplicantRow]) -> Applicants:
    """Check each applicant's own fields, in input order: the first problem, named."""
    index: dict[str, int] = {}
    rank_lists: list[Sequence[Any]] = []
    supplemental: list[tuple[int, Mapping[Any, Any]]] = []
    for number, (aid, ranked, extra) in enumerate(rows):
        aid = checked_id(aid, f"applicants[{number}].id")
        if aid in index:
            raise InstanceError(f"applicants[{number}].id: duplicate applicant id {aid!r}")
        index[aid] = number
        rank_lists.append(checked_list(ranked, f"applicants[{number}].rank_list"))
        if extra is not None:
            if not isinstance(extra, Mapping):
                raise InstanceError(
                    f"applicants[{number}].supplemental: expected an object mapping advanced "
                    f"program ids to lists of preliminary program ids, got {kind_of(extra)}"
                )
            if extra:
                supplemental.append((number, extra))
    ids, index = compact(list(index))
    return Applicants(ids, index, rank_lists, supplemental)


def json_applicants(entries: Sequence[Any]) -> Iterator[ApplicantRow]:
    for number, applicant in enumerate(entries):
        if not isinstance(applicant, dict):
            raise InstanceError(
                f"applicants[{number}]: expected an object, got {kind_of(applicant)}"
            )
        yield applicant.get("id"), applicant.get("rank_list", []), applicant.get("supplemental")


def compact(ids: list[str]) -> tuple[list[str], dict[str, int]]:
    """Fresh copies of the ids, side by side in memory, and their numbers.

    The ids of parsed JSON lie scattered among everything else it holds; looking another
    id up compares it with the key found, and scattered keys cost a cache miss each time
    (a third of the time of numbering the rank lists at national scale).
    """
    copies = "\0".join(ids).split("\0")
    if len(copies) != len(ids):  # an id holds the separator: keep the originals
        copies = ids
    return copies, dict(zip(copies, range(len(copies)), strict=True))


def pairs_one_by_one(
    pairs_in: Sequence[Any], program_index: Mapping[str, int], where: str
) -> list[tuple[int, int]]:
    """A couple's pairs, one by one: the first problem, named."""
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for position, entry in enumerate(pairs_in):
        at = f"{where}.rank_list[{position}]"
        if not isinstance(entry, list | tuple) or len(entry) != 2:
            raise InstanceError(
                f"{at}: expected a pair [program id or null, program id or null], "
                f"got {kind_of(entry)}"
            )
        resolved: list[int] = []
        for slot, name in enumerate(entry):
            if name is None:
                resolved.append(-1)
            elif isinstance(name, str) and name in program_index:
                resolved.append(program_index[name])
            elif isinstance(name, str):
                raise InstanceError(f"{at}[{slot}]: unknown program {name!r}")
            else:
                raise InstanceError(
                    f"{at}[{slot}]: expected a program id or null, got {kind_of(name)}"
                )
        first, second = resolved
        if first < 0 and second < 0:
            raise InstanceError(f"{at}: a pair must name at least one program")
        if (first, second) in seen:
            raise InstanceError(f"{at}: pair {entry!r} listed twice")
        seen.add((first, second))
        pairs.append((first, second))
    return pairs


def supplemental_one_by_one(
    applicant: int,
    name: object,
    prelims: object,
    reachable: Collection[int],
    in_couple: bool,
    programs: Programs,
) -> tuple[int, list[int]]:
    """One supplemental list, checked step by step: the first problem, named (or its
    numbers)."""
    where = f"applicants[{applicant}].supplemental"
    kinds = programs.kinds
    if not isinstance(name, str) or name not in programs.index:
        raise InstanceError(f"{where}: unknown program {name!r}")
    advanced = programs.index[name]
    if kinds[advanced] != "advanced":
        raise InstanceError(
            f"{where}: {name!r} is a {kinds[advanced]} program; supplemental lists belong to "
            f"advanced programs"
        )
    if advanced not in reachable:
        raise InstanceError(
            f"{where}: {name!r} is not on the "
            + ("couple's rank list for this member" if in_couple else "rank list")
        )
    at = f"{where}.{name}"
    resolved = resolve(checked_list(prelims, at), programs.index, at, "program")
    for position, prelim in enumerate(resolved):
        if kinds[prelim] != "preliminary":
            raise InstanceError(
                f"{at}[{position}]: {programs.ids[prelim]!r} is a {kinds[prelim]} program; "
                f"supplemental lists name preliminary programs"
            )
    return advanced, resolved
