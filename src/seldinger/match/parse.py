"""Reading and checking match instances (a pure core).

:func:`parse_instance` reads the JSON instance (docs/match.md) into an
:class:`~seldinger.match.instance.InstanceSpec` and hands it to
:func:`build_instance`, which checks every reference and numbers the ids.
Callers that hold typed rows build the spec themselves and call
:func:`build_instance` directly. Either way the first thing wrong is refused
with an :class:`~seldinger.match.instance.InstanceError` naming it and where,
e.g. ``applicants[12].rank_list[3]: unknown program 'P99'``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any

from seldinger.match.instance import (
    KINDS,
    ApplicantSpec,
    CoupleSpec,
    Instance,
    InstanceError,
    InstanceSpec,
    ProgramSpec,
    gc_paused,
)

__all__ = ["build_instance", "kind_of", "parse_instance"]


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
    if check_repeats and len(set(numbers)) != len(numbers):
        _repeated(ids, numbers, where, what)
    return numbers


def _repeated(ids: Sequence[Any], numbers: list[int], where: str, what: str) -> None:
    seen: set[int] = set()
    for position, number in enumerate(numbers):
        if number in seen:
            raise InstanceError(f"{where}[{position}]: {what} {ids[position]!r} listed twice")
        seen.add(number)


# --------------------------------------------------------------------------------------------
# JSON


def parse_instance(data: dict[str, Any]) -> Instance:
    """Check an instance (parsed JSON) and map its ids to numbers."""
    with gc_paused():
        return _build(_read(data))


def _read(data: object) -> InstanceSpec:
    """The JSON's shape, program by program and applicant by applicant; the elements of the
    lists (ids) are checked with their references by ``_build``."""
    if not isinstance(data, dict):
        raise InstanceError(f"instance: expected a JSON object, got {kind_of(data)}")
    programs_in = _list(data.get("programs"), "programs")
    applicants_in = _list(data.get("applicants"), "applicants")
    raw_couples = data.get("couples")
    couples_in = [] if raw_couples is None else _list(raw_couples, "couples")

    programs: list[ProgramSpec] = []
    seen: set[str] = set()
    for number, program in enumerate(programs_in):
        where = f"programs[{number}]"
        if not isinstance(program, dict):
            raise InstanceError(f"{where}: expected an object, got {kind_of(program)}")
        pid = _id(program.get("id"), f"{where}.id")
        if pid in seen:
            raise InstanceError(f"{where}.id: duplicate program id {pid!r}")
        seen.add(pid)
        count = _positions(program.get("positions"), f"{where}.positions")
        kind = _kind(program.get("kind", "categorical"), f"{where}.kind")
        reverts_to = program.get("reverts_to")
        ranked = _list(program.get("rank_list", []), f"{where}.rank_list")
        programs.append(ProgramSpec(pid, count, kind, ranked, reverts_to))

    applicants: list[ApplicantSpec] = []
    seen = set()
    for number, applicant in enumerate(applicants_in):
        where = f"applicants[{number}]"
        if not isinstance(applicant, dict):
            raise InstanceError(f"{where}: expected an object, got {kind_of(applicant)}")
        aid = _id(applicant.get("id"), f"{where}.id")
        if aid in seen:
            raise InstanceError(f"{where}.id: duplicate applicant id {aid!r}")
        seen.add(aid)
        ranked = _list(applicant.get("rank_list", []), f"{where}.rank_list")
        extra = applicant.get("supplemental")
        if extra is not None and not isinstance(extra, dict):
            raise InstanceError(
                f"{where}.supplemental: expected an object mapping advanced program ids to "
                f"lists of preliminary program ids, got {kind_of(extra)}"
            )
        applicants.append(ApplicantSpec(aid, ranked, extra or {}))

    couples: list[CoupleSpec] = []
    for number, couple in enumerate(couples_in):
        if not isinstance(couple, dict):
            raise InstanceError(f"couples[{number}]: expected an object, got {kind_of(couple)}")
        # Checked by _build, with the references (a missing list is refused there).
        members: Any = couple.get("members")
        couples.append(CoupleSpec(members, couple.get("rank_list", [])))
    return InstanceSpec(programs, applicants, couples)


# --------------------------------------------------------------------------------------------
# Checking and numbering


def build_instance(spec: InstanceSpec) -> Instance:
    """Check a spec's ids and references and map its ids to numbers."""
    with gc_paused():
        return _build(spec)


def _build(spec: InstanceSpec) -> Instance:
    program_ids: list[str] = []
    program_index: dict[str, int] = {}
    positions: list[int] = []
    kinds: list[str] = []
    for number, program in enumerate(spec.programs):
        where = f"programs[{number}]"
        pid = _id(program.id, f"{where}.id")
        if pid in program_index:
            raise InstanceError(f"{where}.id: duplicate program id {pid!r}")
        program_index[pid] = number
        program_ids.append(pid)
        positions.append(_positions(program.positions, f"{where}.positions"))
        kinds.append(_kind(program.kind, f"{where}.kind"))

    applicant_ids: list[str] = []
    applicant_index: dict[str, int] = {}
    raw_supplemental: list[tuple[int, Mapping[str, Sequence[str]]]] = []
    for number, applicant in enumerate(spec.applicants):
        aid = _id(applicant.id, f"applicants[{number}].id")
        if aid in applicant_index:
            raise InstanceError(f"applicants[{number}].id: duplicate applicant id {aid!r}")
        applicant_index[aid] = number
        applicant_ids.append(aid)
        if applicant.supplemental:
            raw_supplemental.append((number, applicant.supplemental))

    reverts_to = [-1] * len(program_ids)
    for number, program in enumerate(spec.programs):
        target: object = program.reverts_to
        if target is None:
            continue
        where = f"programs[{number}].reverts_to"
        if not isinstance(target, str) or target not in program_index:
            shown = repr(target) if isinstance(target, str) else kind_of(target)
            raise InstanceError(f"{where}: unknown program {shown}")
        if program_index[target] == number:
            raise InstanceError(f"{where}: a program cannot revert to itself")
        reverts_to[number] = program_index[target]

    program_lists: list[list[int]] = []
    program_rank: list[dict[int, int]] = []
    for number, program in enumerate(spec.programs):
        where = f"programs[{number}].rank_list"
        ids = program.rank_list
        ranked = _resolve(ids, applicant_index, where, "applicant", check_repeats=False)
        ranks = dict(zip(ranked, range(len(ranked)), strict=True))
        if len(ranks) != len(ranked):
            _repeated(ids, ranked, where, "applicant")
        program_lists.append(ranked)
        program_rank.append(ranks)
    applicant_lists = [
        _resolve(applicant.rank_list, program_index, f"applicants[{number}].rank_list", "program")
        for number, applicant in enumerate(spec.applicants)
    ]

    couple_of = [-1] * len(applicant_ids)
    couples: list[tuple[int, int]] = []
    couple_lists: list[list[tuple[int, int]]] = []
    for number, couple in enumerate(spec.couples):
        where = f"couples[{number}]"
        members = _list(couple.members, f"{where}.members")
        if len(members) != 2:
            raise InstanceError(f"{where}.members: expected two applicant ids, got {len(members)}")
        pair = _resolve(members, applicant_index, f"{where}.members", "applicant")
        for slot, member in enumerate(pair):
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
        pairs: list[tuple[int, int]] = []
        seen: set[tuple[int, int]] = set()
        for position, entry in enumerate(_list(couple.rank_list, f"{where}.rank_list")):
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
        couples.append((pair[0], pair[1]))
        couple_lists.append(pairs)

    supplemental: dict[int, dict[int, list[int]]] = {}
    for number, extra in raw_supplemental:
        where = f"applicants[{number}].supplemental"
        in_couple = couple_of[number]
        if in_couple >= 0:
            slot = 0 if couples[in_couple][0] == number else 1
            reachable = {pair[slot] for pair in couple_lists[in_couple]}
        else:
            reachable = set(applicant_lists[number])
        lists: dict[int, list[int]] = {}
        for name, prelims in extra.items():
            if name not in program_index:
                raise InstanceError(f"{where}: unknown program {name!r}")
            advanced = program_index[name]
            if kinds[advanced] != "advanced":
                raise InstanceError(
                    f"{where}: {name!r} is a {kinds[advanced]} program; supplemental lists "
                    f"belong to advanced programs"
                )
            if advanced not in reachable:
                raise InstanceError(
                    f"{where}: {name!r} is not on the "
                    + ("couple's rank list for this member" if in_couple >= 0 else "rank list")
                )
            resolved_prelims = _resolve(
                _list(prelims, f"{where}.{name}"), program_index, f"{where}.{name}", "program"
            )
            for position, prelim in enumerate(resolved_prelims):
                if kinds[prelim] != "preliminary":
                    raise InstanceError(
                        f"{where}.{name}[{position}]: {program_ids[prelim]!r} is a "
                        f"{kinds[prelim]} program; supplemental lists name preliminary programs"
                    )
            lists[advanced] = resolved_prelims
        supplemental[number] = lists

    get = dict.get
    by_program = program_rank.__getitem__
    applicant_list_ranks = [
        list(map(get, map(by_program, ranked), repeat(applicant), repeat(-1)))
        for applicant, ranked in enumerate(applicant_lists)
    ]
    couple_list_ranks = [
        [
            (
                program_rank[first].get(a, -1) if first >= 0 else 0,
                program_rank[second].get(b, -1) if second >= 0 else 0,
            )
            for first, second in pairs
        ]
        for (a, b), pairs in zip(couples, couple_lists, strict=True)
    ]
    return Instance(
        program_ids=program_ids,
        applicant_ids=applicant_ids,
        positions=positions,
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
