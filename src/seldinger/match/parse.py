"""Reading and checking match instances (a pure core).

:func:`parse_instance` reads the JSON instance (docs/match.md); callers that hold typed rows
build an :class:`~seldinger.match.instance.InstanceSpec` and call :func:`build_instance`.
Both check every field and reference while they number the ids, in one pass, into the
:class:`~seldinger.match.instance.Instance` the solver and the verifier work on. The first
thing wrong is refused with an :class:`~seldinger.match.instance.InstanceError` naming it and
where, e.g. ``applicants[12].rank_list[3]: unknown program 'P99'``.

A national instance holds 1.6 million ids, so the checks and the numbers are C-level passes
over whole columns: each field of every program or applicant at once (``map(dict.get, ...)``,
the set of the types found), and all the rank lists of one kind run together as one flat
list through the index, then cut back into lists. Repeats are found by the sizes of a
``set`` or ``dict`` of each list. Only when one of these passes finds something wrong does a
plain loop walk that part of the input again, in input order, to name the first offender.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, contains, itemgetter, methodcaller
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
_STRINGS = frozenset((str,))
_WHOLE = frozenset((int,))
_OBJECTS = frozenset((dict,))
_OBJECTS_OR_NONE: frozenset[type] = frozenset((dict, type(None)))
_KINDS = frozenset(KINDS)
_ADVANCED = frozenset(("advanced",))
_first = itemgetter(0)
_second = itemgetter(1)
_flat = chain.from_iterable
_values = methodcaller("values")


def _all(types: frozenset[type], values: Iterable[object]) -> bool:
    """Whether every value is exactly of one of these types (one C-level pass)."""
    return types.issuperset(map(type, values))


def _cut(flat: list[Any], lengths: list[int]) -> list[list[Any]]:
    """``flat`` cut back into consecutive lists of these lengths."""
    bounds = list(accumulate(lengths, initial=0))
    return list(map(flat.__getitem__, map(slice, bounds, bounds[1:])))


def _unique_each(lists: list[list[int]], lengths: list[int]) -> bool:
    """Whether no list holds a number twice."""
    return list(map(len, map(set, lists))) == lengths


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


def _programs(
    ids: list[Any],
    positions: list[Any],
    kinds: list[Any],
    rank_lists: list[Any],
    reverts_to: list[object],
    rows: Callable[[], Iterable[_ProgramRow]],
) -> _Programs:
    """Check the programs' own fields, a column at a time; ``rows`` name the first problem."""
    try:
        fine = (
            _all(_STRINGS, ids)
            and "" not in ids
            and _all(_WHOLE, positions)
            and min(positions, default=0) >= 0
            and _KINDS.issuperset(kinds)
            and _all(_LISTS, rank_lists)
        )
    except TypeError:  # a kind that cannot be hashed
        fine = False
    if fine:
        copies, index = _compact(ids)
        if len(index) == len(ids):
            return _Programs(copies, index, positions, kinds, reverts_to, rank_lists)
    return _programs_one_by_one(rows())


def _programs_one_by_one(rows: Iterable[_ProgramRow]) -> _Programs:
    """Check each program's own fields, in input order: the first problem, named."""
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


def _applicants(
    ids: list[Any],
    rank_lists: list[Any],
    extras: list[Any],
    rows: Callable[[], Iterable[_ApplicantRow]],
) -> _Applicants:
    """Check the applicants' own fields, a column at a time; ``rows`` name the first problem."""
    if (
        _all(_STRINGS, ids)
        and "" not in ids
        and _all(_LISTS, rank_lists)
        and _all(_OBJECTS_OR_NONE, extras)
    ):
        copies, index = _compact(ids)
        if len(index) == len(ids):
            # Those with supplemental lists: a non-empty object (None and {} are false).
            supplemental = list(
                zip(compress(range(len(ids)), extras), compress(extras, extras), strict=True)
            )
            return _Applicants(copies, index, rank_lists, supplemental)
    return _applicants_one_by_one(rows())


def _applicants_one_by_one(rows: Iterable[_ApplicantRow]) -> _Applicants:
    """Check each applicant's own fields, in input order: the first problem, named."""
    index: dict[str, int] = {}
    rank_lists: list[Sequence[Any]] = []
    supplemental: list[tuple[int, Mapping[Any, Any]]] = []
    for number, (aid, ranked, extra) in enumerate(rows):
        aid = _id(aid, f"applicants[{number}].id")
        if aid in index:
            raise InstanceError(f"applicants[{number}].id: duplicate applicant id {aid!r}")
        index[aid] = number
        rank_lists.append(_list(ranked, f"applicants[{number}].rank_list"))
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


def _column(entries: list[dict[str, Any]], key: str, default: object = None) -> list[Any]:
    """One field of every entry (C-level)."""
    return list(map(dict.get, entries, repeat(key), repeat(default)))


def parse_instance(data: object) -> Instance:
    """Check an instance (parsed JSON) and map its ids to numbers."""
    with gc_paused():
        if not isinstance(data, dict):
            raise InstanceError(f"instance: expected a JSON object, got {kind_of(data)}")
        programs_in = _list(data.get("programs"), "programs")
        applicants_in = _list(data.get("applicants"), "applicants")
        raw_couples = data.get("couples")
        couples_in = [] if raw_couples is None else _list(raw_couples, "couples")
        if _all(_OBJECTS, programs_in):
            entries: list[dict[str, Any]] = list(programs_in)
            programs = _programs(
                _column(entries, "id"),
                _column(entries, "positions"),
                _column(entries, "kind", "categorical"),
                _column(entries, "rank_list", ()),
                _column(entries, "reverts_to"),
                lambda: _json_programs(programs_in),
            )
        else:
            programs = _programs_one_by_one(_json_programs(programs_in))
        if _all(_OBJECTS, applicants_in):
            entries = list(applicants_in)
            applicants = _applicants(
                _column(entries, "id"),
                _column(entries, "rank_list", ()),
                _column(entries, "supplemental"),
                lambda: _json_applicants(applicants_in),
            )
        else:
            applicants = _applicants_one_by_one(_json_applicants(applicants_in))
        couples: list[_CoupleRow] = []
        for number, couple in enumerate(couples_in):
            if not isinstance(couple, dict):
                raise InstanceError(f"couples[{number}]: expected an object, got {kind_of(couple)}")
            couples.append((couple.get("members"), couple.get("rank_list", [])))
        return _number(programs, applicants, couples)


def build_instance(spec: InstanceSpec) -> Instance:
    """Check a spec's ids and references and map its ids to numbers."""
    with gc_paused():
        ps = list(spec.programs)
        programs = _programs(
            list(map(attrgetter("id"), ps)),
            list(map(attrgetter("positions"), ps)),
            list(map(attrgetter("kind"), ps)),
            list(map(attrgetter("rank_list"), ps)),
            list(map(attrgetter("reverts_to"), ps)),
            lambda: [(p.id, p.positions, p.kind, p.rank_list, p.reverts_to) for p in ps],
        )
        people = list(spec.applicants)
        applicants = _applicants(
            list(map(attrgetter("id"), people)),
            list(map(attrgetter("rank_list"), people)),
            list(map(attrgetter("supplemental"), people)),
            lambda: [(a.id, a.rank_list, a.supplemental) for a in people],
        )
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

    program_lists, program_rank = _program_lists(programs.rank_lists, applicant_index)
    applicant_lists, applicant_list_ranks = _applicant_lists(
        applicants.rank_lists, program_index, applicant_index, program_rank
    )

    get = dict.get
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

    # The programs an applicant with supplemental lists may hold: those on their list, or
    # on their side of their couple's pairs.
    reachable: list[Collection[int]] = []
    for number, _ in applicants.supplemental:
        couple = couple_of[number]
        if couple < 0:
            reachable.append(applicant_lists[number])
        else:
            slot = 0 if couples[couple][0] == number else 1
            reachable.append({pair[slot] for pair in couple_lists[couple]})
    supplemental = _supplemental(applicants.supplemental, reachable, couple_of, programs)

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


def _program_lists(
    rank_lists: list[Sequence[Any]], applicant_index: dict[str, int]
) -> tuple[list[list[int]], list[dict[int, int]]]:
    """Each program's list as applicant numbers, and where it ranks each applicant.

    The numbers are the very int objects of ``applicant_index``'s values, as are the
    applicants' numbers in ``_applicant_lists``, so the rank look-ups match by identity.
    """
    lengths = list(map(len, rank_lists))
    try:
        numbers = list(map(applicant_index.__getitem__, _flat(rank_lists)))
    except (KeyError, TypeError):
        numbers = None
    if numbers is not None:
        lists = _cut(numbers, lengths)
        ranks = list(map(dict, map(zip, lists, map(range, lengths))))
        if list(map(len, ranks)) == lengths:
            return lists, ranks
    lists, ranks = [], []
    for number, ids in enumerate(rank_lists):  # the first problem, named
        ranked = _resolve(ids, applicant_index, f"programs[{number}].rank_list", "applicant")
        lists.append(ranked)
        ranks.append(dict(zip(ranked, range(len(ranked)), strict=True)))
    return lists, ranks


def _applicant_lists(
    rank_lists: list[Sequence[Any]],
    program_index: dict[str, int],
    applicant_index: dict[str, int],
    program_rank: list[dict[int, int]],
) -> tuple[list[list[int]], list[list[int]]]:
    """Each applicant's list as program numbers, and where the program of each entry ranks
    the applicant (-1: it does not)."""
    lengths = list(map(len, rank_lists))
    by_program = program_rank.__getitem__
    try:
        numbers = list(map(program_index.__getitem__, _flat(rank_lists)))
    except (KeyError, TypeError):
        numbers = None
    if numbers is not None:
        lists = _cut(numbers, lengths)
        if _unique_each(lists, lengths):
            owners = _flat(map(repeat, applicant_index.values(), lengths))
            ranks = map(dict.get, map(by_program, numbers), owners, repeat(-1))
            return lists, _cut(list(ranks), lengths)
    lists, ranks_of = [], []
    for applicant, ids in zip(applicant_index.values(), rank_lists, strict=True):
        ranked = _resolve(ids, program_index, f"applicants[{applicant}].rank_list", "program")
        lists.append(ranked)
        ranks_of.append(list(map(dict.get, map(by_program, ranked), repeat(applicant), repeat(-1))))
    return lists, ranks_of


def _supplemental(
    rows: list[tuple[int, Mapping[Any, Any]]],
    reachable: list[Collection[int]],
    couple_of: list[int],
    programs: _Programs,
) -> dict[int, dict[int, list[int]]]:
    """applicant -> advanced program -> preliminary programs; ``reachable``: the programs
    each applicant of ``rows`` may hold (their list, or their side of their couple's pairs)."""
    if not rows:
        return {}
    to_program = programs.index.__getitem__
    kinds = programs.kinds
    preliminary = {number for number, kind in enumerate(kinds) if kind == "preliminary"}
    owners = list(map(_first, rows))
    extras = list(map(_second, rows))
    counts = list(map(len, extras))
    try:
        advanced = list(map(to_program, _flat(extras)))
        prelims = list(_flat(map(_values, extras)))
        fine = (
            _ADVANCED.issuperset(map(kinds.__getitem__, advanced))
            and all(map(contains, _flat(map(repeat, reachable, counts)), advanced))
            and _all(_LISTS, prelims)
        )
        if fine:
            lengths = list(map(len, prelims))
            numbers = list(map(to_program, _flat(prelims)))
            resolved = _cut(numbers, lengths)
            fine = preliminary.issuperset(numbers) and _unique_each(resolved, lengths)
    except (KeyError, TypeError):
        fine = False
    if fine:
        by_owner = map(dict, map(zip, _cut(advanced, counts), _cut(resolved, counts)))
        return dict(zip(owners, by_owner, strict=True))
    found: dict[int, dict[int, list[int]]] = {}
    for (number, extra), places in zip(rows, reachable, strict=True):  # the first problem
        found[number] = dict(
            _supplemental_one_by_one(number, name, lists, places, couple_of[number] >= 0, programs)
            for name, lists in extra.items()
        )
    return found


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
    resolved = _resolve(_list(prelims, at), programs.index, at, "program")
    for position, prelim in enumerate(resolved):
        if kinds[prelim] != "preliminary":
            raise InstanceError(
                f"{at}[{position}]: {programs.ids[prelim]!r} is a {kinds[prelim]} program; "
                f"supplemental lists name preliminary programs"
            )
    return advanced, resolved
