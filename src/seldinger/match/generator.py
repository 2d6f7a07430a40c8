"""Seeded, reproducible match instances shaped like the NRMP Main Residency Match (pure core).

The defaults scale the 2025 Main Residency Match (47,208 applicants who ranked, 6,626
programs, 43,237 positions) to the number of applicants asked for:

* programs belong to a specialty (sizes skewed) and a region; a few kinds: categorical,
  advanced (PGY-2 start, in some specialties), preliminary (PGY-1 year) and physician
  (reserved for physicians);
* program popularity is skewed (log-normal desirability, drawn with exponential weights),
  and applicants favour their home region;
* applicants rank 10-15 programs of their specialty (some add preliminary programs as a
  back-up; a few want only a preliminary year, a few are physicians);
* applicants who rank advanced programs attach supplemental lists of preliminary programs;
* couples rank pairs of programs in one region (best combinations first), some ending
  with "no match" for one partner;
* programs rank most of the applicants who ranked them (each kept with probability
  ``program_ranks_share``), ordered by applicant strength plus the program's own view;
* a small share of preliminary programs revert unfilled positions to a categorical program
  of their region.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from itertools import accumulate
from typing import Any

#: 2025 Main Residency Match (NRMP): applicants who ranked, programs, positions.
NRMP_2025_APPLICANTS = 47_208
NRMP_2025_PROGRAMS = 6_626
NRMP_2025_POSITIONS = 43_237


#: How strongly popularity follows desirability (weights exp(SKEW * desirability)).
SKEW = 0.6
#: Applicants per position in a specialty vary between these factors.
DEMAND = (0.9, 1.25)
#: How much stronger than the average applicant couple members are.
COUPLE_STRENGTH = 0.8
#: Applicants who want only a preliminary year, per preliminary position.
PRELIMINARY_ONLY = 0.5


class _Pool:
    """Programs to draw from, with cumulative popularity weights."""

    def __init__(self, members: list[int], weight: list[float]) -> None:
        self.members = members
        self.cumulative = list(accumulate(weight[m] for m in members))

    def __len__(self) -> int:
        return len(self.members)

    def draw(self, rng: random.Random) -> int:
        total = self.cumulative[-1]
        return self.members[bisect_right(self.cumulative, rng.random() * total)]


def _distinct(rng: random.Random, pools: list[tuple[_Pool, float]], count: int) -> list[int]:
    """``count`` distinct programs, each drawn from one of ``pools`` chosen by share."""
    available = len({m for pool, _ in pools for m in pool.members})
    count = min(count, available)
    chosen: list[int] = []
    seen: set[int] = set()
    shares = [share for _, share in pools]
    attempts = 0
    while len(chosen) < count and attempts < 50 * count + 50:
        attempts += 1
        pool = pools[0][0] if len(pools) == 1 else rng.choices(pools, shares)[0][0]
        if not pool:
            continue
        program = pool.draw(rng)
        if program not in seen:
            seen.add(program)
            chosen.append(program)
    return chosen


def generate_instance(
    *,
    applicants: int,
    seed: int,
    couples: int = 0,
    programs: int | None = None,
    positions: int | None = None,
    regions: int = 9,
    advanced_share: float = 0.08,
    preliminary_share: float = 0.10,
    physician_share: float = 0.03,
    supplemental: bool = True,
    reversion_share: float = 0.02,
    min_ranks: int = 10,
    max_ranks: int = 15,
    program_ranks_share: float = 0.9,
) -> dict[str, Any]:
    """Generate an instance (the JSON shape ``parse_instance`` reads)."""
    if applicants < 1:
        raise ValueError("applicants: at least 1")
    if couples < 0 or 2 * couples > applicants:
        raise ValueError("couples: between 0 and half the applicants")
    if not 1 <= min_ranks <= max_ranks:
        raise ValueError("ranks: 1 <= min_ranks <= max_ranks")
    rng = random.Random(seed)
    n_programs = programs or max(2, round(applicants * NRMP_2025_PROGRAMS / NRMP_2025_APPLICANTS))
    n_positions = positions or max(
        n_programs, round(applicants * NRMP_2025_POSITIONS / NRMP_2025_APPLICANTS)
    )
    n_regions = max(1, min(regions, n_programs // 4 or 1))
    n_specialties = max(2, min(24, n_programs // 40))
    advanced_specialties = set(range(1, n_specialties, 4))  # about a quarter of them

    # Programs: kind, specialty, region, desirability, size.
    kinds: list[str] = []
    specialty_of: list[int] = []
    region_of: list[int] = []
    size_weight: list[float] = []
    specialty_weight = [rng.uniform(0.6, 1.4) / (s + 1) ** 0.7 for s in range(n_specialties)]
    advanced_list = sorted(advanced_specialties)
    for _ in range(n_programs):
        roll = rng.random()
        specialty = rng.choices(range(n_specialties), specialty_weight)[0]
        if roll < advanced_share and advanced_list:
            kind = "advanced"
            specialty = rng.choice(advanced_list)
        elif roll < advanced_share + preliminary_share:
            kind, specialty = "preliminary", -1
        elif roll < advanced_share + preliminary_share + physician_share:
            kind, specialty = "physician", -2
        else:
            kind = "categorical"
        kinds.append(kind)
        specialty_of.append(specialty)
        region_of.append(rng.randrange(n_regions))
        size_weight.append(rng.lognormvariate(0, 0.7) * (1.5 if kind == "preliminary" else 1.0))
    desirability = [rng.gauss(0, 1) for _ in range(n_programs)]
    popularity = [math.exp(SKEW * d) for d in desirability]
    spare = n_positions - n_programs
    total_weight = sum(size_weight)
    sizes = [1 + int(spare * w / total_weight) for w in size_weight]
    for program in rng.sample(range(n_programs), min(n_programs, n_positions - sum(sizes))):
        sizes[program] += 1

    def pool(members: list[int]) -> _Pool:
        return _Pool(members, popularity)

    by_specialty: dict[int, list[int]] = {}
    by_specialty_region: dict[tuple[int, int], list[int]] = {}
    for program in range(n_programs):
        key = specialty_of[program]
        by_specialty.setdefault(key, []).append(program)
        by_specialty_region.setdefault((key, region_of[program]), []).append(program)
    pools = {key: pool(members) for key, members in by_specialty.items()}
    regional = {key: pool(members) for key, members in by_specialty_region.items()}
    empty = _Pool([], popularity)

    def choose_from(group: int, region: int, count: int) -> list[int]:
        if group not in pools:
            return []
        local = regional.get((group, region), empty)
        return _distinct(rng, [(local, 0.45), (pools[group], 0.55)], count)

    # Applicants: strength, region, what they apply for.
    positions_by_group: dict[int, int] = {}
    for program in range(n_programs):
        positions_by_group[specialty_of[program]] = (
            positions_by_group.get(specialty_of[program], 0) + sizes[program]
        )
    groups = sorted(positions_by_group)
    demand = [
        positions_by_group[g]
        * (rng.uniform(*DEMAND) if g >= 0 else PRELIMINARY_ONLY if g == -1 else 1.0)
        for g in groups
    ]
    region_positions = [0.0] * n_regions
    for program in range(n_programs):
        region_positions[region_of[program]] += sizes[program]
    strength = [rng.gauss(0, 1) for _ in range(applicants)]
    home = rng.choices(range(n_regions), region_positions, k=applicants)
    group_of = rng.choices(groups, demand, k=applicants)
    prelims = pools.get(-1)

    def ordered(programs_: list[int]) -> list[int]:
        taste = {p: desirability[p] + rng.gauss(0, 0.7) for p in programs_}
        return sorted(programs_, key=lambda p: -taste[p])

    def supplemental_lists(applicant: int, ranked: list[int]) -> dict[int, list[int]]:
        advanced = [p for p in ranked if kinds[p] == "advanced"]
        if not supplemental or not advanced or prelims is None:
            return {}
        region = home[applicant]
        main = ordered(choose_from(-1, region, rng.randint(3, 8)))
        lists: dict[int, list[int]] = {}
        for program in advanced:
            if not main:
                break
            if rng.random() < 0.75:
                lists[program] = main
            else:
                lists[program] = ordered(choose_from(-1, region_of[program], rng.randint(2, 6)))
        return {p: x for p, x in lists.items() if x}

    member_of_couple = set(range(applicants - 2 * couples, applicants))
    for member in member_of_couple:
        # Couples are mostly US seniors, who match more often than applicants as a whole.
        strength[member] += COUPLE_STRENGTH
    rank_lists: list[list[int]] = []
    supplementals: list[dict[int, list[int]]] = []
    for applicant in range(applicants):
        if applicant in member_of_couple:
            rank_lists.append([])
            supplementals.append({})
            continue
        length = rng.randint(min_ranks, max_ranks)
        group = group_of[applicant]
        ranked = ordered(choose_from(group, home[applicant], length))
        if group >= 0 and prelims is not None and rng.random() < 0.2:
            backup = choose_from(-1, home[applicant], rng.randint(1, 3))
            ranked += [p for p in ordered(backup) if p not in ranked]
        rank_lists.append(ranked)
        supplementals.append(supplemental_lists(applicant, ranked))

    couple_lists: list[list[tuple[int | None, int | None]]] = []
    first_member = applicants - 2 * couples
    for couple in range(couples):
        one, two = first_member + 2 * couple, first_member + 2 * couple + 1
        region = home[one]
        home[two] = region
        options = []
        for member in (one, two):
            group = group_of[member]
            if group not in pools:
                group = groups[0]
                group_of[member] = group
            local = regional.get((group, region), empty)
            chosen = _distinct(rng, [(local, 0.6), (pools[group], 0.4)], rng.randint(8, 14))
            taste = {p: desirability[p] + rng.gauss(0, 0.7) for p in chosen}
            options.append(sorted(chosen, key=lambda p: -taste[p]))
        scored = [
            (i + j + rng.random(), a, b)
            for i, a in enumerate(options[0])
            for j, b in enumerate(options[1])
            if a != b or sizes[a] >= 2
        ]
        scored.sort()
        pairs: list[tuple[int | None, int | None]] = [
            (a, b) for _, a, b in scored[: rng.randint(30, 100)]
        ]
        if rng.random() < 0.8 and options[0]:
            pairs += [(a, None) for a in options[0][:3]]
        if rng.random() < 0.6 and options[1]:
            pairs += [(None, b) for b in options[1][:3]]
        couple_lists.append(pairs)
        for slot, member in enumerate((one, two)):
            side = [x for x in (p[slot] for p in pairs) if x is not None]
            supplementals[member] = supplemental_lists(member, list(dict.fromkeys(side)))

    # Programs rank most of the applicants who ranked them.
    interested: list[set[int]] = [set() for _ in range(n_programs)]
    for applicant, ranked in enumerate(rank_lists):
        for program in ranked:
            interested[program].add(applicant)
        for lists in supplementals[applicant].values():
            for program in lists:
                interested[program].add(applicant)
    for couple, pairs in enumerate(couple_lists):
        one, two = first_member + 2 * couple, first_member + 2 * couple + 1
        for a, b in pairs:
            if a is not None:
                interested[a].add(one)
            if b is not None:
                interested[b].add(two)
    program_lists: list[list[int]] = []
    for program in range(n_programs):
        kept = [a for a in sorted(interested[program]) if rng.random() < program_ranks_share]
        view = {a: strength[a] + rng.gauss(0, 0.5) for a in kept}
        program_lists.append(sorted(kept, key=lambda a: -view[a]))

    # Reversion: some preliminary programs give unfilled positions to a categorical one.
    reverts: dict[int, int] = {}
    categorical_by_region: dict[int, list[int]] = {}
    for program in range(n_programs):
        if kinds[program] == "categorical":
            categorical_by_region.setdefault(region_of[program], []).append(program)
    for program in range(n_programs):
        if kinds[program] == "preliminary" and rng.random() < reversion_share:
            targets = categorical_by_region.get(region_of[program])
            if targets:
                reverts[program] = rng.choice(targets)

    width_p = len(str(n_programs))
    width_a = len(str(applicants))
    pid = [f"P{p:0{width_p}d}" for p in range(n_programs)]
    aid = [f"A{a:0{width_a}d}" for a in range(applicants)]
    program_out: list[dict[str, Any]] = []
    for program in range(n_programs):
        item: dict[str, Any] = {
            "id": pid[program],
            "positions": sizes[program],
            "kind": kinds[program],
            "rank_list": [aid[a] for a in program_lists[program]],
        }
        if program in reverts:
            item["reverts_to"] = pid[reverts[program]]
        program_out.append(item)
    applicant_out: list[dict[str, Any]] = []
    for applicant in range(applicants):
        entry: dict[str, Any] = {
            "id": aid[applicant],
            "rank_list": [pid[p] for p in rank_lists[applicant]],
        }
        if supplementals[applicant]:
            entry["supplemental"] = {
                pid[p]: [pid[q] for q in lst] for p, lst in supplementals[applicant].items()
            }
        applicant_out.append(entry)
    couple_out = [
        {
            "members": [aid[first_member + 2 * c], aid[first_member + 2 * c + 1]],
            "rank_list": [
                [None if a is None else pid[a], None if b is None else pid[b]] for a, b in pairs
            ],
        }
        for c, pairs in enumerate(couple_lists)
    ]
    instance: dict[str, Any] = {"programs": program_out, "applicants": applicant_out}
    if couples:
        instance["couples"] = couple_out
    return instance
