"""Reading and checking match instances (a pure core).

:func:`parse_instance` reads the JSON instance (docs/match.md); callers that hold typed rows
build an :class:`~seldinger.match.instance.InstanceSpec` and call :func:`build_instance`.
Both check every field and reference while they number the ids, in one pass, into the
:class:`~seldinger.match.instance.Instance` the solver and the verifier work on. The first
thing wrong is refused with an :class:`~seldinger.match.instance.InstanceError` naming it and
where, e.g. ``applicants[12].rank_list[3]: unknown program 'P99'``.

A national instance holds 1.6 million ids, so each list is checked and numbered by C-level
calls (``map`` over the index; the sizes of a ``set`` or ``dict`` of it for repeats); only
when one of them finds something wrong does a plain loop walk that input again to name the
first offender, in input order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any

from seldinger.match.instance import (
    KINDS,
    Instance,
    InstanceError,
    InstanceSpec,
    gc_paused,
)

__all__ = ["build_instance", "kind_of", "parse_instance"]

_LISTS = frozenset((list, tuple))
_first = itemgetter(0)
_second = itemgetter(1)


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


def _id(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: expected a non-empty string id, got {kind_of(value)}")
    return value


def _list(value: object, where: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise InstanceError(f"{where}: expected a list, got {kind_of(value)}")
    return value


def _positions(count: object, where: str) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        shown = repr(count) if isinstance(count, int | float) else kind_of(count)
        raise InstanceError(f"{where}: expected a non-negative whole number, got {shown}")
    return count


def _kind(kind: object, where: str) -> str:
    if not isinstance(kind, str) or kind not in KINDS:
        shown = repr(kind) if isinstance(kind, str) else kind_of(kind)
        raise InstanceError(f"{where}: expected one of {', '.join(KINDS)}, got {shown}")
    return kind


def _resolve(
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
        _repeated(ids, numbers, where, what)
    return numbers


def _repeated(ids: Sequence[Any], numbers: list[int], where: str, what: str) -> None:
    seen: set[int] = set()
    for position, number in enumerate(numbers):
        if number in seen:
            raise InstanceError(f"{where}[{position}]: {what} {ids[position]!r} listed twice")
        seen.add(number)


# --------------------------------------------------------------------------------------------
# The parts by id, their own fields checked


@dataclass(slots=True)
class _Programs:
    ids: list[str]
    index: dict[str, int]
    positions: list[int]
    kinds: list[str]
    reverts_to: list[object]
    rank_lists: list[Sequence[Any]]


#: (id, positions, kind, rank_list, reverts_to) of one program, unchecked.
_ProgramRow = tuple[object, object, object, object, object]
#: (id, rank_list, supplemental lists or None) of one applicant, unchecked.
_ApplicantRow = tuple[object, object, object]
#: (members, rank_list) of one couple, unchecked.
_CoupleRow = tuple[Any, Any]


def _programs(rows: Iterable[_ProgramRow]) -> _Programs:
    """Check each program's own fields, in input order."""
    found = _Programs([], {}, [], [], [], [])
    index = found.index
    for number, (pid, count, kind, ranked, reverts_to) in enumerate(rows):
        where = f"programs[{number}]"
        pid = _id(pid, f"{where}.id")
        if pid in index:
            raise InstanceError(f"{where}.id: duplicate program id {pid!r}")
        index[pid] = number
        found.ids.append(pid)
        found.positions.append(_positions(count, f"{where}.positions"))
        found.kinds.append(_kind(kind, f"{where}.kind"))
        found.rank_lists.append(_list(ranked, f"{where}.rank_list"))
        found.reverts_to.append(reverts_to)
    found.ids, found.index = _compact(found.ids)
    return found


def _json_programs(entries: Sequence[Any]) -> Iterator[_ProgramRow]:
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
class _Applicants:
    ids: list[str]
    index: dict[str, int]
    rank_lists: list[Sequence[Any]]
    #: (applicant number, supplemental lists) for those that have any.
    supplemental: list[tuple[int, Mapping[Any, Any]]]


def _applicants(rows: Iterable[_ApplicantRow]) -> _Applicants:
    """Check each applicant's own fields, in input order."""
    index: dict[str, int] = {}
    rank_lists: list[Sequence[Any]] = []
    supplemental: list[tuple[int, Mapping[Any, Any]]] = []
    for number, (aid, ranked, extra) in enumerate(rows):
        if type(aid) is not str or not aid:
            aid = _id(aid, f"applicants[{number}].id")
        if aid in index:
            raise InstanceError(f"applicants[{number}].id: duplicate applicant id {aid!r}")
        index[aid] = number
        rank_lists.append(
            ranked if type(ranked) is list else _list(ranked, f"applicants[{number}].rank_list")
        )
        if extra is not None:
            if not isinstance(extra, Mapping):
                raise InstanceError(
                    f"applicants[{number}].supplemental: expected an object mapping advanced "
                    f"program ids to lists of preliminary program ids, got {kind_of(extra)}"
                )
            if extra:
                supplemental.append((number, extra))
    ids, index = _compact(list(index))
    return _Applicants(ids, index, rank_lists, supplemental)


def _json_applicants(entries: Sequence[Any]) -> Iterator[_ApplicantRow]:
    for number, applicant in enumerate(entries):
        if not isinstance(applicant, dict):
            raise InstanceError(
                f"applicants[{number}]: expected an object, got {kind_of(applicant)}"
            )
        yield applicant.get("id"), applicant.get("rank_list", []), applicant.get("supplemental")


def _compact(ids: list[str]) -> tuple[list[str], dict[str, int]]:
    """Fresh copies of the ids, side by side in memory, and their numbers.

    The ids of parsed JSON lie scattered among everything else it holds; looking another
    id up compares it with the key found, and scattered keys cost a cache miss each time
    (a third of the time of numbering the rank lists at national scale).
    """
    copies = "\0".join(ids).split("\0")
    if len(copies) != len(ids):  # an id holds the separator: keep the originals
        copies = ids
    return copies, dict(zip(copies, range(len(copies)), strict=True))


# --------------------------------------------------------------------------------------------
# JSON


def parse_instance(data: object) -> Instance:
    """Check an instance (parsed JSON) and map its ids to numbers."""
    with gc_paused():
        if not isinstance(data, dict):
            raise InstanceError(f"instance: expected a JSON object, got {kind_of(data)}")
        programs_in = _list(data.get("programs"), "programs")
        applicants_in = _list(data.get("applicants"), "applicants")
        raw_couples = data.get("couples")
        couples_in = [] if raw_couples is None else _list(raw_couples, "couples")
        programs = _programs(_json_programs(programs_in))
        applicants = _applicants(_json_applicants(applicants_in))
        couples: list[_CoupleRow] = []
        for number, couple in enumerate(couples_in):
            if not isinstance(couple, dict):
                raise InstanceError(f"couples[{number}]: expected an object, got {kind_of(couple)}")
            couples.append((couple.get("members"), couple.get("rank_list", [])))
        return _number(programs, applicants, couples)


def build_instance(spec: InstanceSpec) -> Instance:
    """Check a spec's ids and references and map its ids to numbers."""
    with gc_paused():
        programs = _programs(
            [(p.id, p.positions, p.kind, p.rank_list, p.reverts_to) for p in spec.programs]
        )
        applicants = _applicants([(a.id, a.rank_list, a.supplemental) for a in spec.applicants])
        couples = [(c.members, c.rank_list) for c in spec.couples]
        return _number(programs, applicants, couples)


# --------------------------------------------------------------------------------------------
# References, and the numbers


def _number(
    programs: _Programs, applicants: _Applicants, couple_rows: list[_CoupleRow]
) -> Instance:
    program_ids = programs.ids
    program_index = programs.index
    kinds = programs.kinds
    applicant_ids = applicants.ids
    applicant_index = applicants.index

    reverts_to = [-1] * len(program_ids)
    for number, target in enumerate(programs.reverts_to):
        if target is None:
            continue
        where = f"programs[{number}].reverts_to"
        if not isinstance(target, str) or target not in program_index:
            shown = repr(target) if isinstance(target, str) else kind_of(target)
            raise InstanceError(f"{where}: unknown program {shown}")
        if program_index[target] == number:
            raise InstanceError(f"{where}: a program cannot revert to itself")
        reverts_to[number] = program_index[target]

    # Programs' lists, and where each ranks each applicant it ranks. The numbers in these
    # lists are the very int objects of applicant_index's values, as are the applicants'
    # numbers below, so the rank look-ups match by identity.
    to_applicant = applicant_index.__getitem__
    program_lists: list[list[int]] = []
    program_rank: list[dict[int, int]] = []
    for number, ids in enumerate(programs.rank_lists):
        try:
            ranked = list(map(to_applicant, ids))
        except (KeyError, TypeError):
            ranked = _resolve(ids, applicant_index, f"programs[{number}].rank_list", "applicant")
        ranks = dict(zip(ranked, range(len(ranked)), strict=True))
        if len(ranks) != len(ranked):
            _repeated(ids, ranked, f"programs[{number}].rank_list", "applicant")
        program_lists.append(ranked)
        program_rank.append(ranks)

    # Applicants' lists, and where the program of each entry ranks the applicant (-1: not).
    to_program = program_index.__getitem__
    get = dict.get
    by_program = program_rank.__getitem__
    applicant_lists: list[list[int]] = []
    applicant_list_ranks: list[list[int]] = []
    for applicant, ids in zip(applicant_index.values(), applicants.rank_lists, strict=True):
        try:
            ranked = list(map(to_program, ids))
        except (KeyError, TypeError):
            ranked = _resolve(ids, program_index, f"applicants[{applicant}].rank_list", "program")
        if len(ranked) > 1 and len(set(ranked)) != len(ranked):
            _repeated(ids, ranked, f"applicants[{applicant}].rank_list", "program")
        applicant_lists.append(ranked)
        applicant_list_ranks.append(
            list(map(get, map(by_program, ranked), repeat(applicant), repeat(-1)))
        )

    couple_of = [-1] * len(applicant_ids)
    couples: list[tuple[int, int]] = []
    couple_lists: list[list[tuple[int, int]]] = []
    couple_list_ranks: list[list[tuple[int, int]]] = []
    # program or None -> program number or -1; and, per couple, its members' ranks by the
    # program of each pair, where a null program (-1, the last table) counts as rank 0.
    to_program_or_none: dict[str | None, int] = {None: -1}
    to_program_or_none.update(program_index)
    rank_tables: list[dict[int, int]] = [*program_rank, {}]
    for number, (members_in, pairs_in) in enumerate(couple_rows):
        where = f"couples[{number}]"
        members = _list(members_in, f"{where}.members")
        if len(members) != 2:
            raise InstanceError(f"{where}.members: expected two applicant ids, got {len(members)}")
        first, second = _resolve(members, applicant_index, f"{where}.members", "applicant")
        for slot, member in enumerate((first, second)):
            if couple_of[member] >= 0:
                raise InstanceError(
                    f"{where}.members[{slot}]: applicant {applicant_ids[member]!r} is already "
                    f"in couples[{couple_of[member]}]"
                )
            if applicant_lists[member]:
                raise InstanceError(
                    f"{where}.members[{slot}]: applicant {applicant_ids[member]!r} is in a "
                    f"couple, so their own rank_list must be empty (the couple ranks pairs)"
                )
            couple_of[member] = number
        pairs_in = _list(pairs_in, f"{where}.rank_list")
        pairs = _pairs(pairs_in, to_program_or_none) or _pairs_one_by_one(
            pairs_in, program_index, where
        )
        rank_tables[-1] = {first: 0, second: 0}
        tables = rank_tables.__getitem__
        couples.append((first, second))
        couple_lists.append(pairs)
        couple_list_ranks.append(
            list(
                zip(
                    map(get, map(tables, map(_first, pairs)), repeat(first), repeat(-1)),
                    map(get, map(tables, map(_second, pairs)), repeat(second), repeat(-1)),
                    strict=True,
                )
            )
        )

    preliminary = {number for number, kind in enumerate(kinds) if kind == "preliminary"}
    supplemental: dict[int, dict[int, list[int]]] = {}
    for number, extra in applicants.supplemental:
        in_couple = couple_of[number]
        if in_couple >= 0:
            slot = 0 if couples[in_couple][0] == number else 1
            reachable: Collection[int] = {pair[slot] for pair in couple_lists[in_couple]}
        else:
            reachable = applicant_lists[number]
        lists: dict[int, list[int]] = {}
        for name, prelims in extra.items():
            advanced = program_index.get(name, -1) if type(name) is str else -1
            try:
                resolved = list(map(to_program, prelims)) if type(prelims) is list else None
            except (KeyError, TypeError):
                resolved = None
            if (
                resolved is None
                or advanced < 0
                or kinds[advanced] != "advanced"
                or advanced not in reachable
                or (len(resolved) > 1 and len(set(resolved)) != len(resolved))
                or not preliminary.issuperset(resolved)
            ):
                advanced, resolved = _supplemental_one_by_one(
                    number, name, prelims, reachable, in_couple >= 0, programs
                )
            lists[advanced] = resolved
        supplemental[number] = lists

    return Instance(
        program_ids=program_ids,
        applicant_ids=applicant_ids,
        positions=programs.positions,
        kinds=kinds,
        reverts_to=reverts_to,
        program_lists=program_lists,
        applicant_lists=applicant_lists,
        supplemental=supplemental,
        couples=couples,
        couple_lists=couple_lists,
        couple_of=couple_of,
        program_index=program_index,
        applicant_index=applicant_index,
        program_rank=program_rank,
        applicant_list_ranks=applicant_list_ranks,
        couple_list_ranks=couple_list_ranks,
    )


def _pairs(pairs_in: Sequence[Any], to_number: dict[str | None, int]) -> list[tuple[int, int]]:
    """A couple's pairs as program numbers (-1: no match); [] when anything is wrong."""
    if not pairs_in:
        return []
    if not _LISTS.issuperset(map(type, pairs_in)) or {2} != set(map(len, pairs_in)):
        return []
    number = to_number.__getitem__
    try:
        pairs = list(
            zip(
                map(number, map(_first, pairs_in)), map(number, map(_second, pairs_in)), strict=True
            )
        )
    except (KeyError, TypeError):
        return []
    if (-1, -1) in pairs or len(set(pairs)) != len(pairs):
        return []
    return pairs


def _pairs_one_by_one(
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


def _supplemental_one_by_one(
    applicant: int,
    name: object,
    prelims: object,
    reachable: Collection[int],
    in_couple: bool,
    programs: _Programs,
) -> tuple[int, list[int]]:
    """One supplemental list, checked step by step: the first problem, named."""
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
    resolved = _resolve(_list(prelims, at), programs.index, at, "program")
    for position, prelim in enumerate(resolved):
        if kinds[prelim] != "preliminary":
            raise InstanceError(
                f"{at}[{position}]: {programs.ids[prelim]!r} is a {kinds[prelim]} program; "
                f"supplemental lists name preliminary programs"
            )
    return advanced, resolved
