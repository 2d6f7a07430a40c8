"""The match solver's state: who holds which seat, and the moves every agent makes (a pure core).

:class:`Holdings` keeps the seats and the logs; :class:`seldinger.match.solve.Solver` adds the
proposing, the couples and the re-application on top of it.
"""

from __future__ import annotations

from heapq import heapify, heappush, heapreplace
from itertools import chain, repeat
from typing import Self

from seldinger.match.instance import Instance

__all__ = ["NO_LIMIT", "REPEATS", "Holdings"]

NO_LIMIT = 1 << 62

#: An agent that re-applies to the same entry of its list this often is taken to be in a
#: cycle (possible with couples and supplemental lists) and re-applies no more.
REPEATS = 3


class Holdings:
    """The state of deferred acceptance, on int arrays.

    Agents on the stack are ints: ``a`` (applicant ``a`` proposing down its primary list),
    ``n + a`` (applicant ``a`` proposing down the supplemental list of the advanced program
    it holds) and ``2n + c`` (couple ``c``). Each program holds a max-heap of the ranks of
    the applicants it holds (negated, so ``-heap[0]`` is the worst held). Stack entries are
    checked when popped, so an agent placed by a re-application needs no removal.

    ``rejected[p]`` logs ``agent * width + index`` whenever a supplemental list or a couple
    passes program ``p`` at ``index`` of its list (turned away, displaced; for a couple every
    program of a pair it passes). A single applicant is not logged (most proposals are
    theirs): everything on its list before ``standing`` it has passed, so the applicants
    ``p`` ranks show who passed it. When ``p`` gains room these are the only agents that may
    want it back.
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
        # applicant -> its supplemental lists (inst.supplemental as a list, read on every
        # acceptance), never changed.
        self.supplemental_of: list[dict[int, list[int]] | None] = [None] * n
        for applicant, lists in inst.supplemental.items():
            self.supplemental_of[applicant] = lists
        self.couple_standing = [0] * len(inst.couples)
        self.couple_held = [False] * len(inst.couples)
        self.couple_ranks = inst.couple_list_ranks
        # Where the preliminary programs rank the applicant, filled in on first use.
        self.sup_ranked: dict[tuple[int, int], list[int]] = {}
        # The worst rank a program holds when full; anything better is accepted. -1 for
        # programs without positions (nothing is accepted), NO_LIMIT while not full.
        self.threshold = [NO_LIMIT if c > 0 else -1 for c in self.capacity]
        supplemental_lists = chain.from_iterable(map(dict.values, inst.supplemental.values()))
        longest = max(
            max(map(len, inst.applicant_lists), default=0),
            max(map(len, inst.couple_lists), default=0),
            max(map(len, supplemental_lists), default=0),
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

    def fork(self) -> Self:
        """An independent copy of the state, to try the couples in another order."""
        other = object.__new__(type(self))
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
            self.threshold[program] = NO_LIMIT

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
            self.standing[applicant] += 1
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
            tables = map(self.inst.program_rank.__getitem__, prelims)
            ranks = list(map(dict.get, tables, repeat(applicant), repeat(-1)))
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
