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
plain loop (:mod:`seldinger.match.instance_checks`) walk that part of the input again, in
input order, to name the first offender.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, contains, itemgetter, methodcaller
from typing import Any

from seldinger.match.instance import KINDS, Instance, InstanceError, InstanceSpec, gc_paused
from seldinger.match.instance_checks import (
    ApplicantRow,
    Applicants,
    CoupleRow,
    ProgramRow,
    Programs,
    applicants_one_by_one,
    checked_list,
    compact,
    json_applicants,
    json_programs,
    kind_of,
    pairs_one_by_one,
    programs_one_by_one,
    resolve,
    supplemental_one_by_one,
)

__all__ = ["build_instance", "kind_of", "parse_instance"]

_LISTS = frozenset((list, tuple))
_STRINGS = frozenset((str,))
_WHOLE = frozenset((int,))
_OBJECTS = frozenset((dict,))
_OBJECTS_OR_NONE: frozenset[type] = frozenset((dict, type(None)))
_KINDS = frozenset(KINDS)
_ADVANCED = frozenset(("advanced",))
_PAIR = frozenset((2,))
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


def _unique_each(lists: list[list[Any]], lengths: list[int]) -> bool:
    """Whether no list holds a number twice."""
    return list(map(len, map(set, lists))) == lengths


# --------------------------------------------------------------------------------------------
# The parts by id, their own fields checked


def _programs(
    ids: list[Any],
    positions: list[Any],
    kinds: list[Any],
    rank_lists: list[Any],
    reverts_to: list[object],
    rows: Callable[[], Iterable[ProgramRow]],
) -> Programs:
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
        copies, index = compact(ids)
        if len(index) == len(ids):
            return Programs(copies, index, positions, kinds, reverts_to, rank_lists)
    return programs_one_by_one(rows())


def _applicants(
    ids: list[Any],
    rank_lists: list[Any],
    extras: list[Any],
    rows: Callable[[], Iterable[ApplicantRow]],
) -> Applicants:
    """Check the applicants' own fields, a column at a time; ``rows`` name the first problem."""
    if (
        _all(_STRINGS, ids)
        and "" not in ids
        and _all(_LISTS, rank_lists)
        and _all(_OBJECTS_OR_NONE, extras)
    ):
        copies, index = compact(ids)
        if len(index) == len(ids):
            # Those with supplemental lists: a non-empty object (None and {} are false).
            supplemental = list(
                zip(compress(range(len(ids)), extras), compress(extras, extras), strict=True)
            )
            return Applicants(copies, index, rank_lists, supplemental)
    return applicants_one_by_one(rows())


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
        programs_in = checked_list(data.get("programs"), "programs")
        applicants_in = checked_list(data.get("applicants"), "applicants")
        raw_couples = data.get("couples")
        couples_in = [] if raw_couples is None else checked_list(raw_couples, "couples")
        if _all(_OBJECTS, programs_in):
            entries: list[dict[str, Any]] = list(programs_in)
            programs = _programs(
                _column(entries, "id"),
                _column(entries, "positions"),
                _column(entries, "kind", "categorical"),
                _column(entries, "rank_list", ()),
                _column(entries, "reverts_to"),
                lambda: json_programs(programs_in),
            )
        else:
            programs = programs_one_by_one(json_programs(programs_in))
        if _all(_OBJECTS, applicants_in):
            entries = list(applicants_in)
            applicants = _applicants(
                _column(entries, "id"),
                _column(entries, "rank_list", ()),
                _column(entries, "supplemental"),
                lambda: json_applicants(applicants_in),
            )
        else:
            applicants = applicants_one_by_one(json_applicants(applicants_in))
        couples: list[CoupleRow] = []
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


def _number(programs: Programs, applicants: Applicants, couple_rows: list[CoupleRow]) -> Instance:
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

    couples, couple_lists, couple_list_ranks, couple_of = _couples(
        couple_rows, applicants, applicant_lists, program_index, program_rank
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
        ranked = resolve(ids, applicant_index, f"programs[{number}].rank_list", "applicant")
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
        ranked = resolve(ids, program_index, f"applicants[{applicant}].rank_list", "program")
        lists.append(ranked)
        ranks_of.append(list(map(dict.get, map(by_program, ranked), repeat(applicant), repeat(-1))))
    return lists, ranks_of


def _couples(
    rows: list[CoupleRow],
    applicants: Applicants,
    applicant_lists: list[list[int]],
    program_index: dict[str, int],
    program_rank: list[dict[int, int]],
) -> tuple[
    list[tuple[int, int]], list[list[tuple[int, int]]], list[list[tuple[int, int]]], list[int]
]:
    """The couples' members; their pairs (program numbers, -1 for no match); where the
    program of each pair ranks its member (-1 unranked, 0 no match); each applicant's couple
    (-1 none). All pairs of all couples run as one flat list."""
    if not rows:
        return [], [], [], [-1] * len(applicants.ids)
    to_number: dict[str | None, int] = {None: -1}
    to_number.update(program_index)
    to_program = to_number.__getitem__
    members_in = list(map(_first, rows))
    pairs_in = list(map(_second, rows))
    try:
        fine = (
            _all(_LISTS, members_in)
            and _PAIR.issuperset(map(len, members_in))
            and _all(_LISTS, pairs_in)
        )
        if fine:
            members = list(map(applicants.index.__getitem__, _flat(members_in)))
            flat = list(_flat(pairs_in))
            fine = (
                len(set(members)) == len(members)
                and not any(map(applicant_lists.__getitem__, members))
                and _all(_LISTS, flat)
                and _PAIR.issuperset(map(len, flat))
            )
        if fine:
            lengths = list(map(len, pairs_in))
            pairs = list(
                zip(
                    map(to_program, map(_first, flat)),
                    map(to_program, map(_second, flat)),
                    strict=True,
                )
            )
            lists = _cut(pairs, lengths)
            fine = (-1, -1) not in pairs and _unique_each(lists, lengths)
    except (KeyError, TypeError):
        fine = False
    if not fine:
        return _couples_one_by_one(rows, applicants, applicant_lists, program_index, program_rank)
    firsts, seconds = members[0::2], members[1::2]
    tables = [*program_rank, dict.fromkeys(members, 0)].__getitem__
    ranks = zip(
        map(
            dict.get,
            map(tables, map(_first, pairs)),
            _flat(map(repeat, firsts, lengths)),
            repeat(-1),
        ),
        map(
            dict.get,
            map(tables, map(_second, pairs)),
            _flat(map(repeat, seconds, lengths)),
            repeat(-1),
        ),
        strict=True,
    )
    couple_of = [-1] * len(applicants.ids)
    for number, (first, second) in enumerate(zip(firsts, seconds, strict=True)):
        couple_of[first] = couple_of[second] = number
    return list(zip(firsts, seconds, strict=True)), lists, _cut(list(ranks), lengths), couple_of


def _couples_one_by_one(
    rows: list[CoupleRow],
    applicants: Applicants,
    applicant_lists: list[list[int]],
    program_index: dict[str, int],
    program_rank: list[dict[int, int]],
) -> tuple[
    list[tuple[int, int]], list[list[tuple[int, int]]], list[list[tuple[int, int]]], list[int]
]:
    """``_couples`` one couple at a time: the first problem, named."""
    applicant_ids = applicants.ids
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
    for number, (members_in, pairs_in) in enumerate(rows):
        where = f"couples[{number}]"
        members = checked_list(members_in, f"{where}.members")
        if len(members) != 2:
            raise InstanceError(f"{where}.members: expected two applicant ids, got {len(members)}")
        first, second = resolve(members, applicants.index, f"{where}.members", "applicant")
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
        pairs_in = checked_list(pairs_in, f"{where}.rank_list")
        pairs = _pairs(pairs_in, to_program_or_none) or pairs_one_by_one(
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
    return couples, couple_lists, couple_list_ranks, couple_of


def _supplemental(
    rows: list[tuple[int, Mapping[Any, Any]]],
    reachable: list[Collection[int]],
    couple_of: list[int],
    programs: Programs,
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
            supplemental_one_by_one(number, name, lists, places, couple_of[number] >= 0, programs)
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
