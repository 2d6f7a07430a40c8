"""Verifying a matching: feasibility and blocking pairs (a pure core).

:func:`verify_result` checks a result JSON against its instance (``seldinger match verify``);
:func:`check_assignment` is the same check on numbers, which the solver runs on every result.
See docs/match.md for the exact definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seldinger.match.instance import Instance
from seldinger.match.parse import kind_of

__all__ = ["MAX_LISTED", "Findings", "check_assignment", "room_for", "verify_result"]

#: How many problems of one sort ``verify_result`` lists before summarising the rest.
MAX_LISTED = 20

#: The cut of a program with a free position: it takes anyone it ranks.
_ANYONE = 1 << 62


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    blocking: int = 0
    blocking_messages: list[str] = field(default_factory=list)

    def block(self, message: str) -> None:
        self.blocking += 1
        if len(self.blocking_messages) < MAX_LISTED:
            self.blocking_messages.append(message)


def _ordinal(index: int) -> str:
    return f"#{index + 1}"


def check_assignment(
    inst: Instance,
    capacity: list[int],
    pos: list[int],
    sup_pos: list[int],
    couple_pairs: list[int],
    *,
    applicants: set[int] | None = None,
    couples: set[int] | None = None,
) -> Findings:
    """Feasibility and blocking pairs of an assignment given as numbers.

    ``couple_pairs[c]`` is the index of the couple's pair, or -1 when both are unmatched.
    ``applicants``, ``couples``: look only at the blocking pairs of these (a quick count).
    """
    found = Findings()
    pids = inst.program_ids
    aids = inst.applicant_ids
    program_rank = inst.program_rank
    held: list[list[int]] = [[] for _ in pids]
    for positions, matched in ((pos, "is matched to"), (sup_pos, "has supplemental match")):
        for applicant, program in enumerate(positions):
            if program >= 0:
                rank = program_rank[program].get(applicant, -1)
                if rank < 0:
                    found.problems.append(
                        f"applicant {aids[applicant]!r} {matched} {pids[program]!r}, "
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
    # A program would take an applicant it ranks (rank >= 0) below its cut: anyone while it
    # has a free position, otherwise anyone above the worst it holds.
    cut = [
        _ANYONE if number < seats else last
        for number, seats, last in zip(count, capacity, worst, strict=True)
    ]

    def accepts(program: int, rank: int) -> bool:
        return 0 <= rank < cut[program]

    def why(program: int, rank: int) -> str:
        if count[program] < capacity[program]:
            return f"{pids[program]!r} ranks them {_ordinal(rank)} and has an unfilled position"
        return (
            f"{pids[program]!r} ranks them {_ordinal(rank)}, above the last applicant it "
            f"holds ({_ordinal(worst[program])})"
        )

    # Single applicants: each entry above their match (couples' members rank no programs).
    couple_of = inst.couple_of
    applicant_lists = inst.applicant_lists
    list_ranks = inst.applicant_list_ranks
    for applicant in range(len(aids)) if applicants is None else sorted(applicants):
        ranked = applicant_lists[applicant]
        current = pos[applicant]
        if current < 0:
            standing = len(ranked)
        elif couple_of[applicant] >= 0:
            continue
        elif current in ranked:
            standing = ranked.index(current)
        else:
            found.problems.append(
                f"applicant {aids[applicant]!r} is matched to {pids[current]!r}, "
                f"which is not on their rank list"
            )
            standing = len(ranked)
        entry_ranks = list_ranks[applicant]
        for index in range(standing):
            rank = entry_ranks[index]
            if 0 <= rank < cut[ranked[index]]:
                program = ranked[index]
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
        pair_ranks = inst.couple_list_ranks[couple]
        # The programs where a member holds a seat: its match or its supplemental seat.
        here = [
            program for program in (*got, sup_pos[members[0]], sup_pos[members[1]]) if program >= 0
        ]
        for index in range(standing):
            first, second = pairs[index]
            if first != second and first not in here and second not in here:
                # Neither member holds a seat at a program of the pair (the usual case): each
                # program named must take its member.
                acceptable = (first < 0 or 0 <= pair_ranks[index][0] < cut[first]) and (
                    second < 0 or 0 <= pair_ranks[index][1] < cut[second]
                )
            else:
                acceptable = _static_pair_acceptable(
                    inst, capacity, held, pos, sup_pos, couple, index
                )
            if acceptable:
                found.block(
                    f"blocking pair: couple ({aids[members[0]]!r}, {aids[members[1]]!r}) and "
                    f"pair ({_name(pids, first)}, {_name(pids, second)}): the couple ranks "
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


def room_for(
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
    pos: list[int],
    sup_pos: list[int],
    couple: int,
    index: int,
) -> bool:
    """Would every program of the pair take its member(s), given who it holds now? For a
    pair where a member already holds a seat (a match or a supplemental seat) at one of its
    programs, or both go to one program (``check_assignment`` answers the other pairs with
    the programs' cuts). The couple's own seats count as taken (``room_for``)."""
    members = inst.couples[couple]
    pair = inst.couple_lists[couple][index]
    ranks = inst.couple_list_ranks[couple][index]
    here = (pos[members[0]], pos[members[1]])
    for program in {p for p in pair if p >= 0}:
        slots = [s for s in (0, 1) if pair[s] == program]
        if any(ranks[s] < 0 for s in slots):
            return False
        arriving = sum(1 for s in slots if here[s] != program)
        if not arriving:
            continue
        mine = [
            inst.rank_of(program, m) for m in members if pos[m] == program or sup_pos[m] == program
        ]
        if not room_for(
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
        return [f"result: expected a JSON object, got {kind_of(result_dict)}"]
    problems: list[str] = []
    matches = result_dict.get("matches")
    if not isinstance(matches, dict):
        return [f"matches: expected an object, got {kind_of(matches)}"]
    extra = result_dict.get("supplemental_matches", {})
    if not isinstance(extra, dict):
        return [f"supplemental_matches: expected an object, got {kind_of(extra)}"]
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
    findings = check_assignment(inst, capacity, pos, sup_pos, couple_pairs)
    problems.extend(_summarise(findings.problems, len(findings.problems), "problems"))
    unfilled = result_dict.get("unfilled")
    if not isinstance(unfilled, dict):
        problems.append(f"unfilled: expected an object, got {kind_of(unfilled)}")
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
