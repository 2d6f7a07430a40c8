"""The simulated market behind the match odds, and the statistics of its runs (a pure core).

Each run draws program desirability, applicant competitiveness and rank order lists
(:func:`draw_market`) and hands the instance to a matcher, by default the project's match
engine. :mod:`seldinger.match.odds` states the model in words.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from seldinger.match.instance import ApplicantSpec, InstanceSpec, ProgramSpec
from seldinger.match.parse import build_instance
from seldinger.match.solve import run_match

__all__ = [
    "DESIRABILITY_WEIGHT",
    "OTHER_LIST_LENGTHS",
    "POSITIONS_PER_PROGRAM",
    "PROGRAM_NOISE",
    "PROGRAM_RANKS_PER_POSITION",
    "Interval",
    "Matcher",
    "RankShare",
    "SimulatedMarket",
    "draw_market",
    "engine_matcher",
    "gumbel",
    "market_instance",
    "normals",
    "program_list",
    "program_sizes",
    "quantile",
    "rng_for",
    "shares",
    "wilson_interval",
]

POSITIONS_PER_PROGRAM = 2
DESIRABILITY_WEIGHT = 0.75
PROGRAM_NOISE = 0.75
OTHER_LIST_LENGTHS = (8, 16)
PROGRAM_RANKS_PER_POSITION = 10
Z_95 = 1.959963984540054

Matcher = Callable[[InstanceSpec], Mapping[str, str | None]]


def engine_matcher(instance: InstanceSpec) -> Mapping[str, str | None]:
    """Run the project's match engine on one instance; applicant id -> program id or None."""
    return run_match(build_instance(instance)).matches


# --- statistics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    level: float = 0.95


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> Interval:
    """Wilson score interval for a binomial proportion (95% by default)."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and trials")
    estimate = successes / trials
    denominator = 1 + z * z / trials
    centre = (estimate + z * z / (2 * trials)) / denominator
    half = (
        z
        / denominator
        * math.sqrt(estimate * (1 - estimate) / trials + z * z / (4 * trials * trials))
    )
    # Clamped so that rounding never leaves the estimate outside its own interval.
    low = max(0.0, min(centre - half, estimate))
    high = min(1.0, max(centre + half, estimate))
    return Interval(low=low, high=high)


@dataclass(frozen=True)
class RankShare:
    """The share of runs (``probability``, ``runs`` of them) that ended at ``rank``."""

    rank: int
    probability: float
    runs: int


def shares(counts: Sequence[int], runs: int) -> tuple[RankShare, ...]:
    return tuple(
        RankShare(rank=index + 1, probability=count / runs, runs=count)
        for index, count in enumerate(counts)
    )


def quantile(values: Sequence[int], fraction: float) -> int | None:
    """The smallest value with at least ``fraction`` of ``values`` at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, math.ceil(fraction * len(ordered)) - 1)
    return ordered[index]


# --- the simulated market ------------------------------------------------------------------


def rng_for(seed: int, run: int, stream: str) -> random.Random:
    # A str seed is hashed with SHA-512: the same on every machine and process.
    return random.Random(f"seldinger-odds:{seed}:{run}:{stream}")


def program_sizes(positions: int) -> list[int]:
    full, rest = divmod(positions, POSITIONS_PER_PROGRAM)
    return [POSITIONS_PER_PROGRAM] * full + ([rest] if rest else [])


class _PlackettLuce:
    """Rank order lists drawn in turn with probability proportional to weight, no repeats.

    Equivalent to sorting by ``log(weight) + Gumbel noise``; done by rejection sampling
    from one stream of independent draws, fetched in batches (fast when lists are short
    next to the number of programs).
    """

    def __init__(self, rng: random.Random, cum_weights: Sequence[float]) -> None:
        self._rng = rng
        self._cum_weights = cum_weights
        self._population = range(len(cum_weights))
        self._pool: list[int] = []
        self._next = 0

    def _refill(self) -> None:
        self._pool = self._rng.choices(self._population, cum_weights=self._cum_weights, k=4096)
        self._next = 0

    def draw(self, length: int) -> list[int]:
        chosen: list[int] = []
        seen: set[int] = set()
        while len(chosen) < length:
            if self._next >= len(self._pool):
                self._refill()
            program = self._pool[self._next]
            self._next += 1
            if program not in seen:
                seen.add(program)
                chosen.append(program)
        return chosen


def gumbel(rng: random.Random) -> float:
    return -math.log(-math.log(1.0 - rng.random() * (1.0 - 1e-12)))


def normals(rng: random.Random, count: int, scale: float = 1.0) -> list[float]:
    """``count`` independent N(0, scale^2) draws (Box-Muller; faster than ``rng.gauss``)."""
    draw, log, sqrt, cos, sin, tau = rng.random, math.log, math.sqrt, math.cos, math.sin, math.tau
    values: list[float] = []
    for _pair in range((count + 1) // 2):
        radius = scale * sqrt(-2.0 * log(1.0 - draw()))
        angle = tau * draw()
        values.append(radius * cos(angle))
        values.append(radius * sin(angle))
    return values[:count]


@dataclass
class SimulatedMarket:
    desirability: list[float]
    competitiveness: list[float]  # other applicants
    lists: list[list[int]]  # other applicants' rank order lists (program indices)
    listers: list[list[int]]  # per program: other applicants who listed it, in draw order
    fit_noise: list[list[float]]  # per program: the program's noise for each lister


def draw_market(
    rng: random.Random,
    programs: int,
    applicants: int,
    fixed_desirability: Mapping[int, float] | None = None,
) -> SimulatedMarket:
    desirability = normals(rng, programs)
    for program, value in (fixed_desirability or {}).items():
        desirability[program] = value
    competitiveness = normals(rng, applicants)
    population = range(programs)
    cum_weights: list[float] = []
    total = 0.0
    for value in desirability:
        total += math.exp(DESIRABILITY_WEIGHT * value)
        cum_weights.append(total)
    shortest, longest = OTHER_LIST_LENGTHS
    lengths = [min(programs, rng.randint(shortest, longest)) for _ in range(applicants)]
    sampler = _PlackettLuce(rng, cum_weights)
    lists: list[list[int]] = []
    listers: list[list[int]] = [[] for _ in range(programs)]
    for applicant, length in enumerate(lengths):
        if 2 * length > programs:
            keys = [DESIRABILITY_WEIGHT * value + gumbel(rng) for value in desirability]
            ranked = sorted(population, key=lambda program: -keys[program])[:length]
        else:
            ranked = sampler.draw(length)
        lists.append(ranked)
        for program in ranked:
            listers[program].append(applicant)
    noise = normals(rng, sum(len(names) for names in listers), PROGRAM_NOISE)
    fit_noise: list[list[float]] = []
    start = 0
    for names in listers:
        fit_noise.append(noise[start : start + len(names)])
        start += len(names)
    return SimulatedMarket(desirability, competitiveness, lists, listers, fit_noise)


def program_list(
    market: SimulatedMarket,
    program: int,
    keep: int,
    names: Sequence[str],
    extra: Sequence[tuple[str, float]] = (),
) -> list[str]:
    """A program's rank order list: the best ``keep`` of the applicants who listed it."""
    competitiveness = market.competitiveness
    scored = [
        (competitiveness[applicant] + noise, names[applicant])
        for applicant, noise in zip(market.listers[program], market.fit_noise[program], strict=True)
    ]
    scored.extend((score, name) for name, score in extra)
    scored.sort(key=lambda item: -item[0])
    return [name for _score, name in scored[:keep]]


def market_instance(
    market: SimulatedMarket,
    sizes: Sequence[int],
    program_lists: Sequence[list[str]],
    program_ids: Sequence[str],
    names: Sequence[str],
    extra_applicants: Sequence[ApplicantSpec] = (),
) -> InstanceSpec:
    """The match instance of one run: every program categorical."""
    return InstanceSpec(
        programs=[
            ProgramSpec(program_ids[index], size, "categorical", program_lists[index])
            for index, size in enumerate(sizes)
        ],
        applicants=[
            ApplicantSpec(names[applicant], [program_ids[p] for p in ranked])
            for applicant, ranked in enumerate(market.lists)
        ]
        + list(extra_applicants),
    )
