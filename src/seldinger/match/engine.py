"""The match engine: NRMP-style applicant-proposing deferred acceptance (a pure core).

Roth & Peranson (1999): applicants propose down their rank lists, programs hold the best
applicants they have been offered so far. On top of plain deferred acceptance it handles

* supplemental rank lists: an applicant held by an *advanced* program proposes, in the same
  run, down the list of preliminary (PGY-1) programs attached to that advanced program; the
  preliminary seat is given up when the advanced one is lost;
* couples: a pair of programs is held only when both members are accepted; a displaced
  member makes the couple withdraw the other member and go on down its paired list;
* re-application: a program that loses an applicant it holds (a withdrawal, not a
  displacement) or gains positions re-offers its seat to the best applicant it turned away
  who still prefers it;
* reversion: unfilled positions of a program with ``reverts_to`` move to that program after
  the match, which then continues so they can be filled.

Couples and supplemental lists can make a stable matching impossible. An agent that keeps
re-applying to the same entry (a cycle) is stopped and the run finishes; the engine then
tries the couples in other orders (``ATTEMPTS`` in all) and returns the first stable matching,
or the one with the fewest blocking pairs with ``stable: false`` and the reason, instead of
looping. Every result is checked by the same verifier as :func:`verify_result`, and
``stable`` is what it found.

See docs/match.md for the instance format and the exact definitions.
"""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from heapq import heapify, heappush, heapreplace
from itertools import repeat
from pathlib import Path
from typing import Any

__all__ = [
    "KINDS",
    "Instance",
    "InstanceError",
    "MatchResult",
    "parse_instance",
    "read_json",
    "run_match",
    "verify_result",
]

#: Program kinds. ``advanced`` programs start at PGY-2 and carry supplemental lists;
#: ``preliminary`` programs are the PGY-1 year those lists name.
KINDS = ("categorical", "advanced", "preliminary", "physician")

#: How many problems of one sort ``verify_result`` lists before summarising the rest.
MAX_LISTED = 20

_NO_LIMIT = 1 << 62

#: An agent that re-applies to the same entry of its list this often is taken to be in a
#: cycle (possible with couples and supplemental lists) and re-applies no more.
REPEATS = 3

#: Orders in which the couples are tried (after the same run of the single applicants)
#: before giving up on a stable matching when couples produce a cycle.
ATTEMPTS = 3


class InstanceError(ValueError):
    """A malformed match instance; the message names what is wrong and where."""


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building millions of small lists otherwise sets
    off full collections that walk every object (it triples the time at national scale)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_json(path: str | Path) -> Any:
    """Read a JSON file quickly (collector paused). Raises OSError and ValueError
    (json.JSONDecodeError, UnicodeDecodeError) for the caller to report."""
    data = Path(path).read_bytes()
    with _gc_paused():
        return json.loads(data)


# --------------------------------------------------------------------------------------------
# The instance


@dataclass(eq=False)
class Instance:
    """A validated instance with every id mapped to an int (its position in the input).

    Programs and applicants are numbered in input order; ``-1`` stands for "none" (no
    reversion target, "no match" in a couple's pair, not in a couple).
    """

    program_ids: list[str]
    applicant_ids: list[str]
    positions: list[int]
    kinds: list[str]
    reverts_to: list[int]
    #: Each program's rank list (applicant numbers, best first).
    program_lists: list[list[int]]
    #: Each applicant's primary rank list (program numbers, best first).
    applicant_lists: list[list[int]]
    #: applicant -> advanced program -> preliminary programs, for applicants that have any.
    supplemental: dict[int, dict[int, list[int]]]
    #: (member, member) per couple, and the couple's list of (program or -1, program or -1).
    couples: list[tuple[int, int]]
    couple_lists: list[list[tuple[int, int]]]
    #: applicant -> couple number, or -1.
    couple_of: list[int]
    program_index: dict[str, int] = field(repr=False)
    applicant_index: dict[str, int] = field(repr=False)
    #: program -> {applicant: position in the program's list}.
    program_rank: list[dict[int, int]] = field(repr=False)
    #: Parallel to applicant_lists: where the program ranks the applicant, -1 if it does not.
    applicant_list_ranks: list[list[int]] = field(repr=False)
    #: Parallel to couple_lists: where each program ranks its member (-1 unranked, 0 null).
    couple_list_ranks: list[list[tuple[int, int]]] = field(repr=False)

    def rank_of(self, program: int, applicant: int) -> int:
        """The program's rank of the applicant (0 = first), -1 when unranked."""
        return self.program_rank[program].get(applicant, -1)


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _id(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: expected a non-empty string id, got {_kind_of(value)}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(f"{where}: expected a list, got {_kind_of(value)}")
    return value


def _resolve(
    ids: list[Any], index: dict[str, int], where: str, what: str, *, check_repeats: bool = True
) -> list[int]:
    """Map ids to numbers; refuse unknown ids and repeats, naming the first offender."""
    try:
        numbers = list(map(index.__getitem__, ids))
    except (KeyError, TypeError):
        for position, x in enumerate(ids):
            if not isinstance(x, str):
                raise InstanceError(
                    f"{where}[{position}]: expected a {what} id (a string), got {_kind_of(x)}"
                ) from None
            if x not in index:
                raise InstanceError(f"{where}[{position}]: unknown {what} {x!r}") from None
        raise  # pragma: no cover - the loop finds it
    if check_repeats and len(set(numbers)) != len(numbers):
        _repeated(ids, numbers, where, what)
    return numbers


def _repeated(ids: list[Any], numbers: list[int], where: str, what: str) -> None:
    seen: set[int] = set()
    for position, number in enumerate(numbers):
        if number in seen:
            raise InstanceError(f"{where}[{position}]: {what} {ids[position]!r} listed twice")
        seen.add(number)


def parse_instance(data: dict[str, Any]) -> Instance:
    """Check an instance (parsed JSON) and map its ids to numbers.

    Raises :class:`InstanceError` naming the first thing wrong and where, e.g.
    ``applicants[12].rank_list[3]: unknown program 'P99'``.
    """
    with _gc_paused():
        return _parse(data)


def _parse(data: dict[str, Any]) -> Instance:
    if not isinstance(data, dict):
        raise InstanceError(f"instance: expected a JSON object, got {_kind_of(data)}")
    programs = _list(data.get("programs"), "programs")
    applicants = _list(data.get("applicants"), "applicants")
    raw_couples = data.get("couples")
    couples_in = [] if raw_couples is None else _list(raw_couples, "couples")

    program_ids: list[str] = []
    program_index: dict[str, int] = {}
    positions: list[int] = []
    kinds: list[str] = []
    revert_names: list[tuple[int, Any]] = []
    raw_program_lists: list[list[Any]] = []
    for number, program in enumerate(programs):
        where = f"programs[{number}]"
        if not isinstance(program, dict):
            raise InstanceError(f"{where}: expected an object, got {_kind_of(program)}")
        pid = _id(program.get("id"), f"{where}.id")
        if pid in program_index:
            raise InstanceError(f"{where}.id: duplicate program id {pid!r}")
        program_index[pid] = number
        program_ids.append(pid)
        count = program.get("positions")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            shown = repr(count) if isinstance(count, int | float) else _kind_of(count)
            raise InstanceError(
                f"{where}.positions: expected a non-negative whole number, got {shown}"
            )
        positions.append(count)
        kind = program.get("kind", "categorical")
        if kind not in KINDS:
            raise InstanceError(
                f"{where}.kind: expected one of {', '.join(KINDS)}, got {kind!r}"
                if isinstance(kind, str)
                else f"{where}.kind: expected one of {', '.join(KINDS)}, got {_kind_of(kind)}"
            )
        kinds.append(kind)
        target = program.get("reverts_to")
        if target is not None:
            revert_names.append((number, target))
        raw_program_lists.append(_list(program.get("rank_list", []), f"{where}.rank_list"))

    applicant_ids: list[str] = []
    applicant_index: dict[str, int] = {}
    raw_applicant_lists: list[list[Any]] = []
    raw_supplemental: list[tuple[int, dict[str, Any]]] = []
    for number, applicant in enumerate(applicants):
        where = f"applicants[{number}]"
        if not isinstance(applicant, dict):
            raise InstanceError(f"{where}: expected an object, got {_kind_of(applicant)}")
        aid = _id(applicant.get("id"), f"{where}.id")
        if aid in applicant_index:
            raise InstanceError(f"{where}.id: duplicate applicant id {aid!r}")
        applicant_index[aid] = number
        applicant_ids.append(aid)
        raw_applicant_lists.append(_list(applicant.get("rank_list", []), f"{where}.rank_list"))
        extra = applicant.get("supplemental")
        if extra is not None:
            if not isinstance(extra, dict):
                raise InstanceError(
                    f"{where}.supplemental: expected an object mapping advanced program ids to "
                    f"lists of preliminary program ids, got {_kind_of(extra)}"
                )
            if extra:
                raw_supplemental.append((number, extra))

    reverts_to = [-1] * len(program_ids)
    for number, target in revert_names:
        where = f"programs[{number}].reverts_to"
        if not isinstance(target, str) or target not in program_index:
            shown = repr(target) if isinstance(target, str) else _kind_of(target)
            raise InstanceError(f"{where}: unknown program {shown}")
        if program_index[target] == number:
            raise InstanceError(f"{where}: a program cannot revert to itself")
        reverts_to[number] = program_index[target]

    program_lists: list[list[int]] = []
    program_rank: list[dict[int, int]] = []
    for number, ids in enumerate(raw_program_lists):
        where = f"programs[{number}].rank_list"
        ranked = _resolve(ids, applicant_index, where, "applicant", check_repeats=False)
        ranks = dict(zip(ranked, range(len(ranked)), strict=True))
        if len(ranks) != len(ranked):
            _repeated(ids, ranked, where, "applicant")
        program_lists.append(ranked)
        program_rank.append(ranks)
    applicant_lists = [
        _resolve(ids, program_index, f"applicants[{number}].rank_list", "program")
        for number, ids in enumerate(raw_applicant_lists)
    ]

    couple_of = [-1] * len(applicant_ids)
    couples: list[tuple[int, int]] = []
    couple_lists: list[list[tuple[int, int]]] = []
    for number, couple in enumerate(couples_in):
        where = f"couples[{number}]"
        if not isinstance(couple, dict):
            raise InstanceError(f"{where}: expected an object, got {_kind_of(couple)}")
        members = _list(couple.get("members"), f"{where}.members")
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
        for position, entry in enumerate(_list(couple.get("rank_list", []), f"{where}.rank_list")):
            at = f"{where}.rank_list[{position}]"
            if not isinstance(entry, list) or len(entry) != 2:
                raise InstanceError(
                    f"{at}: expected a pair [program id or null, program id or null], "
                    f"got {_kind_of(entry)}"
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
                        f"{at}[{slot}]: expected a program id or null, got {_kind_of(name)}"
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
        couple = couple_of[number]
        if couple >= 0:
            slot = 0 if couples[couple][0] == number else 1
            reachable = {pair[slot] for pair in couple_lists[couple]}
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
                    + ("couple's rank list for this member" if couple >= 0 else "rank list")
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


# --------------------------------------------------------------------------------------------
# The result


@dataclass
class MatchResult:
    """Who matched where. ``as_dict()`` is the CLI's and the API's JSON."""

    #: Every applicant id (couple members too) -> program id, or None when unmatched.
    matches: dict[str, str | None]
    #: Applicant id -> preliminary program id, for applicants matched through a
    #: supplemental list.
    supplemental_matches: dict[str, str]
    #: Every program id -> positions left unfilled (after reversion).
    unfilled: dict[str, int]
    #: True when the verifier found no blocking pair.
    stable: bool
    stats: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "matches": self.matches,
            "supplemental_matches": self.supplemental_matches,
            "unfilled": self.unfilled,
            "stable": self.stable,
            "stats": self.stats,
        }


# --------------------------------------------------------------------------------------------
# The algorithm


class _Solver:
    """Deferred acceptance on int arrays.

    Agents on the stack are ints: ``a`` (applicant ``a`` proposing down its primary list),
    ``n + a`` (applicant ``a`` proposing down the supplemental list of the advanced program
    it holds) and ``2n + c`` (couple ``c``). Each program holds a max-heap of the ranks of
    the applicants it holds (negated, so ``-heap[0]`` is the worst held). Stack entries are
    checked when popped, so an agent placed by a re-application needs no removal.

    ``rejected[p]`` logs ``agent * width + index`` whenever an agent passes program ``p`` at
    ``index`` of its list (turned away, displaced; for a couple every program of a pair it
    passes). When ``p`` gains room these are the only agents that may want it back.
    """

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        n = len(inst.applicant_ids)
        programs = len(inst.program_ids)
        self.n = n
        self.capacity = list(inst.positions)
        self.held: list[list[int]] = [[] for _ in range(programs)]
        self.pos = [-1] * n  # primary program held
        self.standing = [0] * n  # index held, or next to propose (primary list)
        self.sup_pos = [-1] * n  # preliminary program held through a supplemental list
        self.sup_standing = [0] * n
        self.sup_for = [-1] * n  # advanced program whose supplemental list is in use
        self.sup_list: list[list[int] | None] = [None] * n
        self.sup_ranks: list[list[int] | None] = [None] * n
        self.couple_standing = [0] * len(inst.couples)
        self.couple_held = [False] * len(inst.couples)
        self.couple_ranks = inst.couple_list_ranks
        # Where the preliminary programs rank the applicant, filled in on first use.
        self.sup_ranked: dict[tuple[int, int], list[int]] = {}
        # The worst rank a program holds when full; anything better is accepted. -1 for
        # programs without positions (nothing is accepted), _NO_LIMIT while not full.
        self.threshold = [_NO_LIMIT if c > 0 else -1 for c in self.capacity]
        longest = max(
            [len(x) for x in inst.applicant_lists]
            + [len(x) for x in inst.couple_lists]
            + [len(p) for lists in inst.supplemental.values() for p in lists.values()]
            + [0]
        )
        self.width = longest + 1
        self.rejected: list[list[int]] = [[] for _ in range(programs)]
        self.queued = [False] * programs
        self.vacancies: list[int] = []
        # Singles first (popped in input order), couples after them, as in Roth & Peranson.
        self.stack: list[int] = [
            a for a in range(n - 1, -1, -1) if inst.couple_of[a] < 0 and inst.applicant_lists[a]
        ]
        self.proposals = 0
        self.reapplications = 0
        self.moves_back: dict[int, int] = {}
        self.returns: dict[int, int] = {}  # agent * width + index -> re-applications to it
        self.stopped: dict[int, int] = {}  # agent -> re-applications when it was stopped
        self.total_limit = 10 * (n + len(inst.couples)) + 10_000
        self.all_stopped = False
        self.reverted = [False] * programs
        self.reversions: list[tuple[int, int, int]] = []

    # -- running ---------------------------------------------------------------------------

    def run_singles(self) -> None:
        """The applicants not in couples (with their supplemental lists)."""
        self._drain()

    def run_couples(self, attempt: int) -> None:
        """Then the couples, in input order on the first attempt and in other orders on
        later ones; then reversion."""
        order = list(range(len(self.inst.couples)))
        if attempt == 1:
            order.reverse()
        elif attempt > 1:
            random.Random(attempt).shuffle(order)
        self.stack.extend(2 * self.n + c for c in reversed(order))
        self._drain()
        self._revert()

    def fork(self) -> _Solver:
        """An independent copy of the state, to try the couples in another order."""
        other = object.__new__(_Solver)
        other.__dict__.update(self.__dict__)
        for name in (
            "capacity",
            "pos",
            "standing",
            "sup_pos",
            "sup_standing",
            "sup_for",
            "sup_list",
            "sup_ranks",
            "couple_standing",
            "couple_held",
            "threshold",
            "queued",
            "vacancies",
            "stack",
            "reverted",
            "reversions",
        ):
            setattr(other, name, list(getattr(self, name)))
        other.held = [list(x) for x in self.held]
        other.rejected = [list(x) for x in self.rejected]
        other.moves_back = dict(self.moves_back)
        other.returns = dict(self.returns)
        other.stopped = dict(self.stopped)
        return other

    def _revert(self) -> None:
        inst = self.inst
        while True:
            moves = []
            for program, target in enumerate(inst.reverts_to):
                if target >= 0 and not self.reverted[program]:
                    spare = self.capacity[program] - len(self.held[program])
                    if spare > 0:
                        moves.append((program, target, spare))
            if not moves:
                return
            for program, target, spare in moves:
                self.capacity[program] -= spare
                self.capacity[target] += spare
                self._retune(program)
                self._retune(target)
                self.reverted[program] = True
                self.reversions.append((program, target, spare))
                self._vacate(target)
            self._drain()

    def _drain(self) -> None:
        inst = self.inst
        n = self.n
        two_n = 2 * n
        width = self.width
        stack = self.stack
        vacancies = self.vacancies
        held = self.held
        capacity = self.capacity
        pos = self.pos
        standing = self.standing
        rejected = self.rejected
        threshold = self.threshold
        program_lists = inst.program_lists
        applicant_lists = inst.applicant_lists
        list_ranks = inst.applicant_list_ranks
        supplemental = inst.supplemental
        displace = self._displace
        proposals = 0
        while True:
            while stack:
                agent = stack.pop()
                if agent < n:
                    if pos[agent] >= 0:
                        continue
                    ranked = applicant_lists[agent]
                    ranks = list_ranks[agent]
                    index = standing[agent]
                    length = len(ranked)
                    base = agent * width
                    while index < length:
                        rank = ranks[index]
                        if rank >= 0:
                            program = ranked[index]
                            proposals += 1
                            if rank < threshold[program]:
                                heap = held[program]
                                pos[agent] = program
                                standing[agent] = index
                                if len(heap) < capacity[program]:
                                    heappush(heap, -rank)
                                    if len(heap) >= capacity[program]:
                                        threshold[program] = -heap[0]
                                else:
                                    worst = -heapreplace(heap, -rank)
                                    threshold[program] = -heap[0]
                                    displace(program_lists[program][worst], program)
                                break
                            rejected[program].append(base + index)
                        index += 1
                    else:
                        standing[agent] = length
                        continue
                    lists = supplemental.get(agent)
                    if lists is not None and program in lists:
                        self._start_supplemental(agent, program)
                elif agent < two_n:
                    proposals += self._propose_supplemental(agent - n)
                else:
                    proposals += self._propose_couple(agent - two_n)
            if not vacancies:
                break
            self._fill(vacancies.pop())
        self.proposals += proposals

    # -- helpers on programs ---------------------------------------------------------------

    def _vacate(self, program: int) -> None:
        if not self.queued[program]:
            self.queued[program] = True
            self.vacancies.append(program)

    def _retune(self, program: int) -> None:
        heap = self.held[program]
        capacity = self.capacity[program]
        if capacity <= 0:
            self.threshold[program] = -1
        elif len(heap) >= capacity:
            self.threshold[program] = -heap[0]
        else:
            self.threshold[program] = _NO_LIMIT

    def _remove(self, program: int, rank: int) -> None:
        heap = self.held[program]
        heap.remove(-rank)
        heapify(heap)
        self._retune(program)
        self._vacate(program)

    def _accepts(self, program: int, rank: int) -> bool:
        return 0 <= rank < self.threshold[program]

    def _insert(self, program: int, rank: int) -> None:
        heap = self.held[program]
        if len(heap) < self.capacity[program]:
            heappush(heap, -rank)
            self._retune(program)
        else:
            worst = -heapreplace(heap, -rank)
            assert worst > rank, "inserted an applicant the program would not accept"
            self._retune(program)
            self._displace(self.inst.program_lists[program][worst], program)

    def _displace(self, applicant: int, program: int) -> None:
        """``applicant`` has just lost its seat at ``program`` to a better one."""
        if self.pos[applicant] == program:
            couple = self.inst.couple_of[applicant]
            if couple >= 0:
                self._couple_displaced(couple, applicant)
                return
            self.pos[applicant] = -1
            index = self.standing[applicant]
            self.rejected[program].append(applicant * self.width + index)
            self.standing[applicant] = index + 1
            if self.sup_for[applicant] >= 0:
                self._stop_supplemental(applicant)
            self.stack.append(applicant)
        else:
            assert self.sup_pos[applicant] == program
            self.sup_pos[applicant] = -1
            index = self.sup_standing[applicant]
            self.rejected[program].append((self.n + applicant) * self.width + index)
            self.sup_standing[applicant] = index + 1
            self.stack.append(self.n + applicant)

    # -- supplemental lists ----------------------------------------------------------------

    def _start_supplemental(self, applicant: int, advanced: int) -> None:
        prelims = self.inst.supplemental[applicant][advanced]
        ranks = self.sup_ranked.get((applicant, advanced))
        if ranks is None:
            ranks = [self.inst.rank_of(p, applicant) for p in prelims]
            self.sup_ranked[applicant, advanced] = ranks
        self.sup_for[applicant] = advanced
        self.sup_list[applicant] = prelims
        self.sup_ranks[applicant] = ranks
        self.sup_standing[applicant] = 0
        self.sup_pos[applicant] = -1
        self.stack.append(self.n + applicant)

    def _stop_supplemental(self, applicant: int) -> None:
        prelim = self.sup_pos[applicant]
        if prelim >= 0:
            ranks = self.sup_ranks[applicant]
            assert ranks is not None
            self._remove(prelim, ranks[self.sup_standing[applicant]])
            self.sup_pos[applicant] = -1
        self.sup_for[applicant] = -1
        self.sup_list[applicant] = self.sup_ranks[applicant] = None

    def _propose_supplemental(self, applicant: int) -> int:
        ranked = self.sup_list[applicant]
        ranks = self.sup_ranks[applicant]
        if ranked is None or ranks is None or self.sup_pos[applicant] >= 0:
            return 0
        proposals = 0
        index = self.sup_standing[applicant]
        while index < len(ranked):
            program = ranked[index]
            rank = ranks[index]
            if rank >= 0:
                proposals += 1
                if self._accepts(program, rank):
                    self.sup_pos[applicant] = program
                    self.sup_standing[applicant] = index
                    self._insert(program, rank)
                    return proposals
                self.rejected[program].append((self.n + applicant) * self.width + index)
            index += 1
        self.sup_standing[applicant] = index
        return proposals

    # -- couples ---------------------------------------------------------------------------

    def _pair_acceptable(self, couple: int, index: int) -> bool:
        """Would both programs of the couple's pair ``index`` take the members now?

        The rule of :func:`_room_for`: a member already at the program keeps its seat, and
        the couple cannot hand a seat it gives up to the other member.
        """
        inst = self.inst
        members = inst.couples[couple]
        pair = inst.couple_lists[couple][index]
        ranks = self.couple_ranks[couple][index]
        pos = self.pos
        if pair[0] != pair[1]:
            for slot in (0, 1):
                program = pair[slot]
                if program < 0:
                    continue
                rank = ranks[slot]
                if rank < 0:
                    return False
                if pos[members[slot]] == program:
                    continue  # keeps its seat
                if pos[members[1 - slot]] == program:
                    if not self._room(couple, program, [rank], 1):
                        return False
                elif rank >= self.threshold[program]:
                    return False
            return True
        program = pair[0]
        if ranks[0] < 0 or ranks[1] < 0:
            return False
        arriving = sum(1 for m in members if pos[m] != program)
        return arriving == 0 or self._room(couple, program, list(ranks), arriving)

    def _room(self, couple: int, program: int, placed: list[int], arriving: int) -> bool:
        heap = self.held[program]
        if len(heap) + arriving <= self.capacity[program]:
            return True
        inst = self.inst
        mine = [inst.rank_of(program, m) for m in inst.couples[couple] if self.pos[m] == program]
        return _room_for(self.capacity[program], [-x for x in heap], mine, placed, arriving)

    def _couple_displaced(self, couple: int, displaced: int) -> None:
        inst = self.inst
        index = self.couple_standing[couple]
        pair = inst.couple_lists[couple][index]
        ranks = self.couple_ranks[couple][index]
        for slot, member in enumerate(inst.couples[couple]):
            if member != displaced and self.pos[member] >= 0:
                self._remove(self.pos[member], ranks[slot])
            self.pos[member] = -1
            if self.sup_for[member] >= 0:
                self._stop_supplemental(member)
        self._log_pair(couple, index, pair)
        self.couple_held[couple] = False
        self.couple_standing[couple] = index + 1
        self.stack.append(2 * self.n + couple)

    def _log_pair(self, couple: int, index: int, pair: tuple[int, int]) -> None:
        entry = (2 * self.n + couple) * self.width + index
        if pair[0] >= 0:
            self.rejected[pair[0]].append(entry)
        if pair[1] >= 0 and pair[1] != pair[0]:
            self.rejected[pair[1]].append(entry)

    def _propose_couple(self, couple: int) -> int:
        if self.couple_held[couple]:
            return 0
        pairs = self.inst.couple_lists[couple]
        all_ranks = self.couple_ranks[couple]
        proposals = 0
        index = self.couple_standing[couple]
        while index < len(pairs):
            pair = pairs[index]
            first, second = pair
            ranks = all_ranks[index]
            if (first < 0 or ranks[0] >= 0) and (second < 0 or ranks[1] >= 0):
                proposals += 1
                if self._pair_acceptable(couple, index):
                    self._take_pair(couple, index)
                    self._settle(couple)
                    return proposals
                self._log_pair(couple, index, pair)
            index += 1
        self.couple_standing[couple] = index
        return proposals

    def _take_pair(self, couple: int, index: int) -> None:
        """Move the couple to its pair ``index`` (known to be acceptable).

        Newcomers take free seats or displace the worst applicant who is not one of the
        couple, while the members still hold their old seats; the seats the couple then gives
        up become vacancies offered to others (the rule of ``_room_for``).
        """
        inst = self.inst
        members = inst.couples[couple]
        pair = inst.couple_lists[couple][index]
        ranks = self.couple_ranks[couple][index]
        pos = self.pos
        # Worse newcomer first: when both go to one program it takes a free seat, if any,
        # and the better one displaces.
        for slot in sorted((0, 1), key=lambda s: -ranks[s]):
            member = members[slot]
            program = pair[slot]
            if program < 0 or pos[member] == program:
                continue
            heap = self.held[program]
            if len(heap) < self.capacity[program]:
                heappush(heap, -ranks[slot])
                self._retune(program)
                continue
            ours = {inst.rank_of(program, m) for m in members}
            worst = max(-x for x in heap if -x not in ours)
            assert worst > ranks[slot], "a couple took a seat the program would not give"
            heap.remove(-worst)
            heap.append(-ranks[slot])
            heapify(heap)
            self._retune(program)
            self._displace(inst.program_lists[program][worst], program)
        for slot, member in enumerate(members):
            current = pos[member]
            if current != pair[slot]:
                if current >= 0:
                    self._remove(current, inst.rank_of(current, member))
                    if self.sup_for[member] >= 0:
                        self._stop_supplemental(member)
                pos[member] = pair[slot]
                lists = inst.supplemental.get(member)
                if pair[slot] >= 0 and lists is not None and pair[slot] in lists:
                    self._start_supplemental(member, pair[slot])
        self.couple_standing[couple] = index
        self.couple_held[couple] = True

    def _settle(self, couple: int) -> None:
        """After a move: a member now seated keeps that seat in an earlier pair naming the
        same program for them, which may make that pair possible. No vacancy announces it,
        so look now (and again after each such move)."""
        pairs = self.inst.couple_lists[couple]
        moved = True
        while moved and self.couple_held[couple]:
            moved = False
            index = self.couple_standing[couple]
            now = pairs[index]
            for earlier in range(index):
                first, second = pairs[earlier]
                if (
                    (first >= 0 and first == now[0]) or (second >= 0 and second == now[1])
                ) and self._pair_acceptable(couple, earlier):
                    if self._may_move_back(2 * self.n + couple, len(pairs), earlier):
                        self._take_pair(couple, earlier)
                        moved = True
                    break

    # -- re-application --------------------------------------------------------------------

    def _may_move_back(self, agent: int, length: int, index: int) -> bool:
        """Count one re-application of ``agent`` to entry ``index`` of its list.

        False, and the agent re-applies no more, when it has gone back to the same entry
        ``REPEATS`` times (a cycle) or re-applied more than its list is long allows.
        """
        if self.all_stopped or agent in self.stopped:
            return False
        moves = self.moves_back.get(agent, 0)
        key = agent * self.width + index
        repeats = self.returns.get(key, 0)
        if repeats >= REPEATS or moves >= 2 * length + 8:
            self.stopped[agent] = moves
            return False
        if self.reapplications >= self.total_limit:
            self.all_stopped = True
            return False
        self.moves_back[agent] = moves + 1
        self.returns[key] = repeats + 1
        self.reapplications += 1
        return True

    def _fill(self, program: int) -> None:
        """``program`` gained room: offer it to the best agents it turned away who want it."""
        self.queued[program] = False
        log = self.rejected[program]
        if not log or self.capacity[program] == 0 or self.all_stopped:
            return
        inst = self.inst
        n = self.n
        width = self.width
        heap = self.held[program]
        limit = -heap[0] if len(heap) >= self.capacity[program] else _NO_LIMIT
        keep: list[int] = []
        candidates: list[tuple[int, int]] = []
        for entry in log:
            agent, index = divmod(entry, width)
            if agent in self.stopped:
                continue
            if agent < n:
                if index >= self.standing[agent]:
                    continue
                rank = inst.applicant_list_ranks[agent][index]
            elif agent < 2 * n:
                applicant = agent - n
                ranked = self.sup_list[applicant]
                ranks = self.sup_ranks[applicant]
                if (
                    ranked is None
                    or ranks is None
                    or index >= self.sup_standing[applicant]
                    or ranked[index] != program
                ):
                    continue
                rank = ranks[index]
            else:
                couple = agent - 2 * n
                if index >= self.couple_standing[couple]:
                    continue
                pair = inst.couple_lists[couple][index]
                ranks2 = self.couple_ranks[couple][index]
                # A member may already hold its seat here: no rank cut for couples.
                rank = -1 - min(ranks2[s] for s in (0, 1) if pair[s] == program)
            keep.append(entry)
            if rank < limit:
                candidates.append((rank if rank >= 0 else -1 - rank, entry))
        self.rejected[program] = keep
        candidates.sort()
        for rank, entry in candidates:
            heap = self.held[program]
            agent, index = divmod(entry, width)
            if agent < 2 * n and len(heap) >= self.capacity[program] and rank >= -heap[0]:
                continue
            if agent < n:
                if index < self.standing[agent] and self._may_move_back(
                    agent, len(inst.applicant_lists[agent]), index
                ):
                    self._move_single(agent, program, index, rank)
            elif agent < 2 * n:
                applicant = agent - n
                ranked = self.sup_list[applicant]
                if (
                    ranked is not None
                    and index < self.sup_standing[applicant]
                    and ranked[index] == program
                    and self._may_move_back(agent, len(ranked), index)
                ):
                    self._move_supplemental(applicant, program, index, rank)
            else:
                couple = agent - 2 * n
                if index < self.couple_standing[couple] and self._pair_acceptable(couple, index):
                    best = next(j for j in range(index + 1) if self._pair_acceptable(couple, j))
                    if self._may_move_back(agent, len(inst.couple_lists[couple]), best):
                        self._take_pair(couple, best)
                        self._settle(couple)

    def _move_single(self, applicant: int, program: int, index: int, rank: int) -> None:
        current = self.pos[applicant]
        if current >= 0:
            self._remove(current, self.inst.rank_of(current, applicant))
            if self.sup_for[applicant] >= 0:
                self._stop_supplemental(applicant)
        self.pos[applicant] = program
        self.standing[applicant] = index
        self._insert(program, rank)
        lists = self.inst.supplemental.get(applicant)
        if lists is not None and program in lists:
            self._start_supplemental(applicant, program)

    def _move_supplemental(self, applicant: int, program: int, index: int, rank: int) -> None:
        current = self.sup_pos[applicant]
        if current >= 0:
            ranks = self.sup_ranks[applicant]
            assert ranks is not None
            self._remove(current, ranks[self.sup_standing[applicant]])
        self.sup_pos[applicant] = program
        self.sup_standing[applicant] = index
        self._insert(program, rank)

    # -- the outcome -----------------------------------------------------------------------

    def couple_pairs(self) -> list[int]:
        return [
            self.couple_standing[c] if self.couple_held[c] else -1
            for c in range(len(self.inst.couples))
        ]

    def agent_name(self, agent: int) -> str:
        inst = self.inst
        n = self.n
        if agent < n:
            return f"applicant {inst.applicant_ids[agent]!r}"
        if agent < 2 * n:
            return f"applicant {inst.applicant_ids[agent - n]!r} (supplemental list)"
        first, second = inst.couples[agent - 2 * n]
        return f"couple ({inst.applicant_ids[first]!r}, {inst.applicant_ids[second]!r})"


def run_match(instance: Instance) -> MatchResult:
    """Run the match on a parsed instance; the result is verified before it is returned."""
    with _gc_paused():
        return _run(instance)


def _run(instance: Instance) -> MatchResult:
    inst = instance
    attempts = 0
    first = _Solver(inst)
    first.run_singles()
    tries = ATTEMPTS if inst.couples else 1
    best: tuple[int, _Solver] | None = None
    for attempt in range(tries):
        attempts += 1
        candidate = first.fork() if attempt < tries - 1 else first
        candidate.run_couples(attempt)
        if not candidate.stopped and not candidate.all_stopped:
            best = (0, candidate)  # ran to the end: stable (the full check below confirms)
            break
        # Blocking pairs can only involve the agents whose re-applications were stopped.
        n = len(inst.applicant_ids)
        halted = set(candidate.stopped)
        count = _check(
            inst,
            candidate.capacity,
            candidate.pos,
            candidate.sup_pos,
            candidate.couple_pairs(),
            applicants=None if candidate.all_stopped else {a % n for a in halted if a < 2 * n},
            couples=None if candidate.all_stopped else {a - 2 * n for a in halted if a >= 2 * n},
        ).blocking
        if best is None or count < best[0]:
            best = (count, candidate)
        if count == 0:
            break
    assert best is not None
    solver = best[1]
    couple_pairs = solver.couple_pairs()
    findings = _check(inst, solver.capacity, solver.pos, solver.sup_pos, couple_pairs)
    if findings.problems:
        raise RuntimeError(
            "the match engine produced an invalid matching: " + "; ".join(findings.problems[:5])
        )
    program_ids = inst.program_ids
    pos = solver.pos
    sup_pos = solver.sup_pos
    matches = {
        aid: (program_ids[pos[a]] if pos[a] >= 0 else None)
        for a, aid in enumerate(inst.applicant_ids)
    }
    supplemental = {
        aid: program_ids[sup_pos[a]] for a, aid in enumerate(inst.applicant_ids) if sup_pos[a] >= 0
    }
    unfilled = {pid: solver.capacity[p] - len(solver.held[p]) for p, pid in enumerate(program_ids)}
    stable = findings.blocking == 0
    matched = sum(1 for p in pos if p >= 0)
    in_couples = 2 * len(inst.couples)
    stats: dict[str, Any] = {
        "applicants": len(inst.applicant_ids),
        "programs": len(program_ids),
        "positions": sum(inst.positions),
        "couples": len(inst.couples),
        "matched": matched,
        "unmatched": len(inst.applicant_ids) - matched,
        "couples_matched": sum(1 for c in couple_pairs if c >= 0),
        "supplemental_matched": len(supplemental),
        "filled": sum(len(h) for h in solver.held),
        "unfilled_positions": sum(unfilled.values()),
        "proposals": solver.proposals,
        "reapplications": solver.reapplications,
        "attempts": attempts,
        "reversions": [
            {"from": program_ids[a], "to": program_ids[b], "positions": k}
            for a, b, k in solver.reversions
        ],
        "blocking_pairs": findings.blocking,
    }
    if in_couples == 0:
        del stats["couples_matched"]
    stopped = sorted(solver.stopped)
    if stopped:
        stats["stopped_agents"] = [solver.agent_name(agent) for agent in stopped]
    if not stable:
        if stopped or solver.all_stopped:
            names = ", ".join(solver.agent_name(agent) for agent in stopped[:3])
            more = f" and {len(stopped) - 3} more" if len(stopped) > 3 else ""
            cause = (
                f"{names}{more} kept being displaced and re-applying (a cycle)"
                if stopped
                else f"re-application stopped after {solver.reapplications} re-applications"
            )
        else:  # pragma: no cover - would be an engine bug
            cause = "blocking pairs remain"
        stats["reason"] = (
            f"no stable matching reached in {attempts} attempt{'s' if attempts != 1 else ''} "
            f"(couples taken in another order each time): {cause}. Couples and supplemental "
            f"lists can make a stable matching impossible; the matching found with the fewest "
            f"blocking pairs ({findings.blocking}) is returned"
        )
        stats["blocking_examples"] = findings.blocking_messages[:5]
    return MatchResult(
        matches=matches,
        supplemental_matches=supplemental,
        unfilled=unfilled,
        stable=stable,
        stats=stats,
    )


# --------------------------------------------------------------------------------------------
# Verification


@dataclass
class _Findings:
    problems: list[str] = field(default_factory=list)
    blocking: int = 0
    blocking_messages: list[str] = field(default_factory=list)

    def block(self, message: str) -> None:
        self.blocking += 1
        if len(self.blocking_messages) < MAX_LISTED:
            self.blocking_messages.append(message)


def _ordinal(index: int) -> str:
    return f"#{index + 1}"


def _check(
    inst: Instance,
    capacity: list[int],
    pos: list[int],
    sup_pos: list[int],
    couple_pairs: list[int],
    *,
    applicants: set[int] | None = None,
    couples: set[int] | None = None,
) -> _Findings:
    """Feasibility and blocking pairs of an assignment given as numbers.

    ``couple_pairs[c]`` is the index of the couple's pair, or -1 when both are unmatched.
    ``applicants``, ``couples``: look only at the blocking pairs of these (a quick count).
    """
    found = _Findings()
    pids = inst.program_ids
    aids = inst.applicant_ids
    program_rank = inst.program_rank
    held: list[list[int]] = [[] for _ in pids]
    for applicant, program in enumerate(pos):
        if program >= 0:
            rank = program_rank[program].get(applicant, -1)
            if rank < 0:
                found.problems.append(
                    f"applicant {aids[applicant]!r} is matched to {pids[program]!r}, "
                    f"which does not rank them"
                )
            else:
                held[program].append(rank)
    for applicant, program in enumerate(sup_pos):
        if program >= 0:
            rank = program_rank[program].get(applicant, -1)
            if rank < 0:
                found.problems.append(
                    f"applicant {aids[applicant]!r} has supplemental match {pids[program]!r}, "
                    f"which does not rank them"
                )
            else:
                held[program].append(rank)
    count = [len(h) for h in held]
    worst = [max(h) if h else -1 for h in held]
    for program, number in enumerate(count):
        if number > capacity[program]:
            found.problems.append(
                f"program {pids[program]!r} holds {number} applicants for "
                f"{capacity[program]} position{'s' if capacity[program] != 1 else ''}"
            )

    def accepts(program: int, rank: int) -> bool:
        return rank >= 0 and (count[program] < capacity[program] or rank < worst[program])

    def why(program: int, rank: int) -> str:
        if count[program] < capacity[program]:
            return f"{pids[program]!r} ranks them {_ordinal(rank)} and has an unfilled position"
        return (
            f"{pids[program]!r} ranks them {_ordinal(rank)}, above the last applicant it "
            f"holds ({_ordinal(worst[program])})"
        )

    # Single applicants.
    for applicant in range(len(aids)) if applicants is None else sorted(applicants):
        ranked = inst.applicant_lists[applicant]
        current = pos[applicant]
        if inst.couple_of[applicant] >= 0:
            continue
        if current >= 0:
            try:
                standing = ranked.index(current)
            except ValueError:
                found.problems.append(
                    f"applicant {aids[applicant]!r} is matched to {pids[current]!r}, "
                    f"which is not on their rank list"
                )
                standing = len(ranked)
        else:
            standing = len(ranked)
        ranks = inst.applicant_list_ranks[applicant]
        for index in range(standing):
            rank = ranks[index]
            if rank >= 0:
                program = ranked[index]
                if count[program] < capacity[program] or rank < worst[program]:
                    above = f"their match {pids[current]!r}" if current >= 0 else "no match"
                    found.block(
                        f"blocking pair: applicant {aids[applicant]!r} and program "
                        f"{pids[program]!r}: the applicant ranks it {_ordinal(index)}, above "
                        f"{above}, and {why(program, rank)}"
                    )

    # Supplemental lists.
    for applicant, program in enumerate(sup_pos):
        if program < 0:
            continue
        advanced = pos[applicant]
        lists = inst.supplemental.get(applicant, {})
        if advanced < 0 or advanced not in lists:
            found.problems.append(
                f"applicant {aids[applicant]!r} has supplemental match {pids[program]!r} but "
                + (
                    "no match to an advanced program"
                    if advanced < 0
                    else f"no supplemental list for their match {pids[advanced]!r}"
                )
            )
        elif program not in lists[advanced]:
            found.problems.append(
                f"applicant {aids[applicant]!r} has supplemental match {pids[program]!r}, which "
                f"is not on their supplemental list for {pids[advanced]!r}"
            )
    for applicant, lists in inst.supplemental.items():
        advanced = pos[applicant]
        if (
            advanced < 0
            or advanced not in lists
            or (applicants is not None and applicant not in applicants)
        ):
            continue
        prelims = lists[advanced]
        current = sup_pos[applicant]
        standing = prelims.index(current) if current in prelims else len(prelims)
        for index in range(standing):
            program = prelims[index]
            rank = program_rank[program].get(applicant, -1)
            if accepts(program, rank):
                found.block(
                    f"blocking pair: applicant {aids[applicant]!r} (matched to advanced "
                    f"{pids[advanced]!r}) and preliminary program {pids[program]!r}: their "
                    f"supplemental list ranks it {_ordinal(index)}, above "
                    + (f"their match {pids[current]!r}" if current >= 0 else "no match")
                    + f", and {why(program, rank)}"
                )

    # Couples.
    for couple, members in enumerate(inst.couples):
        if couples is not None and couple not in couples:
            continue
        pairs = inst.couple_lists[couple]
        standing = couple_pairs[couple]
        got = (pos[members[0]], pos[members[1]])
        if standing < 0:
            if got != (-1, -1):
                found.problems.append(
                    f"couple ({aids[members[0]]!r}, {aids[members[1]]!r}) is matched to "
                    f"({_name(pids, got[0])}, {_name(pids, got[1])}), which is not a pair "
                    f"on their rank list"
                )
                continue
            standing = len(pairs)
        for index in range(standing):
            if _static_pair_acceptable(inst, capacity, held, count, worst, pos, couple, index):
                pair = pairs[index]
                found.block(
                    f"blocking pair: couple ({aids[members[0]]!r}, {aids[members[1]]!r}) and "
                    f"pair ({_name(pids, pair[0])}, {_name(pids, pair[1])}): the couple ranks "
                    f"it {_ordinal(index)}, above "
                    + (
                        f"their match ({_name(pids, got[0])}, {_name(pids, got[1])})"
                        if couple_pairs[couple] >= 0
                        else "no match"
                    )
                    + ", and each program named would take its member"
                )
                break
    return found


def _name(pids: list[str], program: int) -> str:
    return repr(pids[program]) if program >= 0 else "null"


def _room_for(
    capacity: int, held: list[int], mine: list[int], placed: list[int], arriving: int
) -> bool:
    """Can a program take a couple's member(s) of a pair?

    ``held``: the ranks it holds now; ``mine``: those that are the couple's own members
    (their seats count as taken: a couple cannot pass a seat to the partner); ``placed``: the
    ranks of the members the pair puts here (staying or arriving); ``arriving``: how many
    of them are not here yet. Seats beyond the free ones must come from other applicants
    ranked below every member placed here, so the program would keep each of them rather
    than any applicant it turns away.
    """
    need = len(held) + arriving - capacity
    if need <= 0:
        return True
    worst = max(placed)
    return sum(1 for r in held if r > worst and r not in mine) >= need


def _static_pair_acceptable(
    inst: Instance,
    capacity: list[int],
    held: list[list[int]],
    count: list[int],
    worst: list[int],
    pos: list[int],
    couple: int,
    index: int,
) -> bool:
    """Would every program of the pair take its member(s), given who it holds now?"""
    members = inst.couples[couple]
    pair = inst.couple_lists[couple][index]
    ranks = inst.couple_list_ranks[couple][index]
    here = (pos[members[0]], pos[members[1]])
    if pair[0] != pair[1] and not any(h >= 0 and h in pair for h in here):
        for slot in (0, 1):
            program = pair[slot]
            if program >= 0:
                rank = ranks[slot]
                if rank < 0 or (count[program] >= capacity[program] and rank >= worst[program]):
                    return False
        return True
    for program in {p for p in pair if p >= 0}:
        slots = [s for s in (0, 1) if pair[s] == program]
        if any(ranks[s] < 0 for s in slots):
            return False
        arriving = sum(1 for s in slots if here[s] != program)
        if not arriving:
            continue
        mine = [inst.rank_of(program, m) for m in members if pos[m] == program]
        if not _room_for(
            capacity[program], held[program], mine, [ranks[s] for s in slots], arriving
        ):
            return False
    return True


def _capacities_after(inst: Instance, stats: object, problems: list[str]) -> list[int]:
    capacity = list(inst.positions)
    if not isinstance(stats, dict) or stats.get("reversions") in (None, []):
        return capacity
    reversions = stats["reversions"]
    if not isinstance(reversions, list):
        problems.append("stats.reversions: expected a list")
        return capacity
    seen: set[int] = set()
    for number, item in enumerate(reversions):
        where = f"stats.reversions[{number}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object with from, to and positions")
            continue
        names = (item.get("from"), item.get("to"))
        source, target = (
            inst.program_index.get(x, -1) if isinstance(x, str) else -1 for x in names
        )
        moved = item.get("positions")
        if source < 0 or target < 0:
            problems.append(f"{where}: unknown program")
            continue
        if inst.reverts_to[source] != target:
            problems.append(
                f"{where}: program {inst.program_ids[source]!r} does not revert to "
                f"{inst.program_ids[target]!r}"
            )
            continue
        if source in seen:
            problems.append(f"{where}: program {inst.program_ids[source]!r} reverts twice")
            continue
        if isinstance(moved, bool) or not isinstance(moved, int) or moved < 1:
            problems.append(f"{where}.positions: expected a positive whole number")
            continue
        if moved > capacity[source]:
            problems.append(
                f"{where}: program {inst.program_ids[source]!r} cannot give up {moved} "
                f"positions (it has {capacity[source]})"
            )
            continue
        seen.add(source)
        capacity[source] -= moved
        capacity[target] += moved
    return capacity


def _summarise(messages: list[str], total: int, what: str) -> list[str]:
    if total > len(messages):
        return [*messages, f"... and {total - len(messages)} more {what}"]
    return messages


def verify_result(instance: Instance, result_dict: dict[str, Any]) -> list[str]:
    """Check a result (the JSON of ``MatchResult.as_dict()``) against its instance.

    Returns the problems found, empty when the result is valid: every applicant present,
    capacities respected (after the reversions listed in ``stats.reversions``), only mutually
    ranked pairs (couples: a pair from their list), supplemental matches only with the
    advanced program they belong to, ``unfilled`` right, and no blocking pair.
    """
    inst = instance
    if not isinstance(result_dict, dict):
        return [f"result: expected a JSON object, got {_kind_of(result_dict)}"]
    problems: list[str] = []
    matches = result_dict.get("matches")
    if not isinstance(matches, dict):
        return [f"matches: expected an object, got {_kind_of(matches)}"]
    extra = result_dict.get("supplemental_matches", {})
    if not isinstance(extra, dict):
        return [f"supplemental_matches: expected an object, got {_kind_of(extra)}"]
    capacity = _capacities_after(inst, result_dict.get("stats"), problems)
    pids = inst.program_ids
    aids = inst.applicant_ids
    pos = [-1] * len(aids)
    sup_pos = [-1] * len(aids)
    for name, program in matches.items():
        applicant = inst.applicant_index.get(name)
        if applicant is None:
            problems.append(f"matches: unknown applicant {name!r}")
        elif program is not None and (
            not isinstance(program, str) or program not in inst.program_index
        ):
            problems.append(f"matches[{name!r}]: unknown program {program!r}")
        elif program is not None:
            pos[applicant] = inst.program_index[program]
    missing = [aid for aid in aids if aid not in matches]
    if missing:
        problems.append(
            f"matches: {len(missing)} applicant{'s' if len(missing) != 1 else ''} missing "
            f"({', '.join(repr(x) for x in missing[:5])}{', ...' if len(missing) > 5 else ''})"
        )
    for name, program in extra.items():
        applicant = inst.applicant_index.get(name)
        if applicant is None:
            problems.append(f"supplemental_matches: unknown applicant {name!r}")
        elif not isinstance(program, str) or program not in inst.program_index:
            problems.append(f"supplemental_matches[{name!r}]: unknown program {program!r}")
        else:
            sup_pos[applicant] = inst.program_index[program]
    couple_pairs: list[int] = []
    for couple, (first, second) in enumerate(inst.couples):
        got = (pos[first], pos[second])
        if got == (-1, -1):
            couple_pairs.append(-1)
            continue
        try:
            couple_pairs.append(inst.couple_lists[couple].index(got))
        except ValueError:
            problems.append(
                f"couple ({aids[first]!r}, {aids[second]!r}) is matched to "
                f"({_name(pids, got[0])}, {_name(pids, got[1])}), which is not a pair on "
                f"their rank list"
            )
            couple_pairs.append(len(inst.couple_lists[couple]))
    findings = _check(inst, capacity, pos, sup_pos, couple_pairs)
    problems.extend(_summarise(findings.problems, len(findings.problems), "problems"))
    unfilled = result_dict.get("unfilled")
    if not isinstance(unfilled, dict):
        problems.append(f"unfilled: expected an object, got {_kind_of(unfilled)}")
    else:
        filled = [0] * len(pids)
        for program in pos:
            if program >= 0:
                filled[program] += 1
        for program in sup_pos:
            if program >= 0:
                filled[program] += 1
        wrong = [
            f"unfilled[{pid!r}]: says {unfilled.get(pid)!r}, but {capacity[p] - filled[p]} of "
            f"{capacity[p]} positions are unfilled"
            for p, pid in enumerate(pids)
            if unfilled.get(pid) != capacity[p] - filled[p]
        ]
        problems.extend(_summarise(wrong[:MAX_LISTED], len(wrong), "wrong unfilled counts"))
        unknown = [name for name in unfilled if name not in inst.program_index]
        if unknown:
            problems.append(f"unfilled: unknown program {unknown[0]!r}")
    problems.extend(_summarise(findings.blocking_messages, findings.blocking, "blocking pairs"))
    claimed = result_dict.get("stable")
    if claimed is False and findings.blocking == 0 and not findings.problems:
        problems.append("stable: the result says false, but no blocking pair was found")
    return problems
