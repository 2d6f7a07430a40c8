"""Solving a match: NRMP-style applicant-proposing deferred acceptance (a pure core).

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
looping. Every result is checked by the same verifier as
:func:`seldinger.match.verify.verify_result`, and ``stable`` is what it found.

See docs/match.md for the instance format and the exact definitions.
"""

from __future__ import annotations

import random
from heapq import heapify, heappush, heapreplace
from itertools import compress, repeat
from operator import contains, le, sub
from typing import Any

from seldinger.match.holdings import NO_LIMIT, Holdings
from seldinger.match.instance import Instance, MatchResult, gc_paused
from seldinger.match.verify import check_assignment, room_for

__all__ = ["ATTEMPTS", "run_match"]

#: Orders in which the couples are tried (after the same run of the single applicants)
#: before giving up on a stable matching when couples produce a cycle.
ATTEMPTS = 3


class Solver(Holdings):
    """Deferred acceptance on the state of :class:`Holdings`."""

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
        stack = self.stack
        vacancies = self.vacancies
        held = self.held
        capacity = self.capacity
        pos = self.pos
        standing = self.standing
        threshold = self.threshold
        program_lists = inst.program_lists
        applicant_lists = inst.applicant_lists
        list_ranks = inst.applicant_list_ranks
        couple_of = inst.couple_of
        supplemental_of = self.supplemental_of
        sup_for = self.sup_for
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
                    for index in range(standing[agent], len(ranked)):
                        rank = ranks[index]
                        if rank < 0:
                            continue
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
                                loser = program_lists[program][worst]
                                if (
                                    pos[loser] == program
                                    and couple_of[loser] < 0
                                    and sup_for[loser] < 0
                                ):
                                    # _displace for a single applicant, inline (the
                                    # usual case): it proposes again from its next entry.
                                    pos[loser] = -1
                                    standing[loser] += 1
                                    stack.append(loser)
                                else:
                                    displace(loser, program)
                            break
                    else:
                        standing[agent] = len(ranked)
                        continue
                    lists = supplemental_of[agent]
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

    # -- couples ---------------------------------------------------------------------------

    def _pair_acceptable(self, couple: int, index: int) -> bool:
        """Would both programs of the couple's pair ``index`` take the members now?

        The rule of :func:`~seldinger.match.verify.room_for`: a member already at the
        program keeps its seat, and the couple cannot hand a seat of its own (a member's
        match or supplemental seat) to the other member.
        """
        inst = self.inst
        members = inst.couples[couple]
        pair = inst.couple_lists[couple][index]
        ranks = self.couple_ranks[couple][index]
        pos = self.pos
        sup_pos = self.sup_pos
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
                if (
                    pos[members[1 - slot]] == program
                    or sup_pos[members[0]] == program
                    or sup_pos[members[1]] == program
                ):
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
        # The couple's own seats here: a member's match, or a member's supplemental seat.
        mine = [
            inst.rank_of(program, m)
            for m in inst.couples[couple]
            if self.pos[m] == program or self.sup_pos[m] == program
        ]
        return room_for(self.capacity[program], [-x for x in heap], mine, placed, arriving)

    def _propose_couple(self, couple: int) -> int:
        if self.couple_held[couple]:
            return 0
        pairs = self.inst.couple_lists[couple]
        all_ranks = self.couple_ranks[couple]
        first_member, second_member = self.inst.couples[couple]
        # Neither member seated (the usual case): a pair of two programs is acceptable when
        # each takes its member, one comparison with its threshold (``_pair_acceptable``).
        unseated = self.pos[first_member] < 0 and self.pos[second_member] < 0
        threshold = self.threshold
        rejected = self.rejected
        base = (2 * self.n + couple) * self.width
        proposals = 0
        index = self.couple_standing[couple]
        while index < len(pairs):
            first, second = pairs[index]
            ranks = all_ranks[index]
            if (first < 0 or ranks[0] >= 0) and (second < 0 or ranks[1] >= 0):
                proposals += 1
                if (
                    (first < 0 or ranks[0] < threshold[first])
                    and (second < 0 or ranks[1] < threshold[second])
                    if unseated and first != second
                    else self._pair_acceptable(couple, index)
                ):
                    self._take_pair(couple, index)
                    self._settle(couple)
                    return proposals
                # The pair passed: log it with each of its programs (``_log_pair``).
                if first >= 0:
                    rejected[first].append(base + index)
                if second >= 0 and second != first:
                    rejected[second].append(base + index)
            index += 1
        self.couple_standing[couple] = index
        return proposals

    def _take_pair(self, couple: int, index: int) -> None:
        """Move the couple to its pair ``index`` (known to be acceptable).

        Newcomers take free seats or displace the worst applicant who is not one of the
        couple, while the members still hold their old seats; the seats the couple then gives
        up become vacancies offered to others (the rule of ``room_for``).
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
            # Never one of the couple: a member's match or supplemental seat is its own.
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

    def _fill(self, program: int) -> None:
        """``program`` gained room: offer it to the best agents it turned away who want it."""
        self.queued[program] = False
        if self.capacity[program] == 0 or self.all_stopped:
            return
        inst = self.inst
        n = self.n
        width = self.width
        heap = self.held[program]
        limit = -heap[0] if len(heap) >= self.capacity[program] else NO_LIMIT
        keep: list[int] = []
        candidates: list[tuple[int, int]] = []
        for entry in self.rejected[program]:
            agent, index = divmod(entry, width)
            if agent in self.stopped:
                continue
            if agent < 2 * n:
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
        # Single applicants are not logged: those it turned away are the applicants it ranks
        # who have gone past it on their lists (everything before ``standing`` they passed).
        standing = self.standing
        ranked_by = inst.program_lists[program][:limit]
        # C-level: those who have passed anything, then those of them who rank the program,
        # then where it stands on their lists.
        ranks = list(compress(range(len(ranked_by)), map(standing.__getitem__, ranked_by)))
        movers = list(map(ranked_by.__getitem__, ranks))
        lists = list(map(inst.applicant_lists.__getitem__, movers))
        ranking = list(compress(range(len(movers)), map(contains, lists, repeat(program))))
        indexes = map(list.index, map(lists.__getitem__, ranking), repeat(program))
        for k, index in zip(ranking, indexes, strict=True):
            applicant = movers[k]
            if index < standing[applicant] and applicant not in self.stopped:
                candidates.append((ranks[k], applicant * width + index))
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


def run_match(instance: Instance) -> MatchResult:
    """Run the match on a parsed instance; the result is verified before it is returned."""
    with gc_paused():
        return _run(instance)


def _run(instance: Instance) -> MatchResult:
    inst = instance
    attempts = 0
    first = Solver(inst)
    first.run_singles()
    tries = ATTEMPTS if inst.couples else 1
    best: tuple[int, Solver] | None = None
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
        count = check_assignment(
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
    findings = check_assignment(inst, solver.capacity, solver.pos, solver.sup_pos, couple_pairs)
    if findings.problems:
        raise RuntimeError(
            "the match engine produced an invalid matching: " + "; ".join(findings.problems[:5])
        )
    program_ids = inst.program_ids
    pos = solver.pos
    sup_pos = solver.sup_pos
    # By id, in C-level passes: -1 (no match) names the last entry, None.
    or_none: list[str | None] = [*program_ids, None]
    matches = dict(zip(inst.applicant_ids, map(or_none.__getitem__, pos), strict=True))
    placed = list(map(le, repeat(0), sup_pos))
    supplemental = dict(
        zip(
            compress(inst.applicant_ids, placed),
            map(program_ids.__getitem__, compress(sup_pos, placed)),
            strict=True,
        )
    )
    unfilled_of = list(map(sub, solver.capacity, map(len, solver.held)))
    unfilled = dict(zip(program_ids, unfilled_of, strict=True))
    stable = findings.blocking == 0
    matched = len(pos) - pos.count(-1)
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
        program_of=list(pos),
        supplemental_of=list(sup_pos),
        unfilled_of=unfilled_of,
    )
