"""Match odds: a Monte Carlo model of an integrated IR match market (pure core).

For an applicant it estimates the chance of matching and where on their rank
order list they land; for a program director, how far down their list the
program goes and how often it fills. Each run draws a whole synthetic market
(program desirability, applicant competitiveness, rank order lists) and runs
the real match engine (:mod:`seldinger.match.solve`) on it; the answers are
shares of runs, with a Wilson 95% interval for the headline probability.

The market model (stated to users by :func:`applicant_assumptions` and
:func:`program_assumptions`):

* positions are split into programs of ``POSITIONS_PER_PROGRAM``;
* each program has a desirability ``d ~ N(0, 1)``; tiers are thirds of the
  programs by desirability;
* an applicant's utility for a program is ``DESIRABILITY_WEIGHT * d`` plus
  Gumbel noise (a common factor plus idiosyncratic taste), so lists are
  Plackett-Luce draws: each applicant other than "you" ranks a number of
  programs drawn uniformly from ``OTHER_LIST_LENGTHS``, in utility order;
* each applicant has a competitiveness ``c ~ N(0, 1)`` ("you": the normal
  quantile of the percentile entered); a program ranks only applicants who
  listed it (as if it had interviewed them), by ``c + PROGRAM_NOISE * N(0, 1)``,
  keeping the best ``PROGRAM_RANKS_PER_POSITION`` per position ("your
  program": the list length entered).

Runs are reproducible: run ``i`` of seed ``s`` draws the market from its own
generator, and everything about "you" from another, so two queries with the
same seed differing only in your percentile or list length face the same
markets (common random numbers).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match
from seldinger.rules.engine import Parameter

__all__ = [
    "DEFAULT_RUNS",
    "MAX_APPLICANTS",
    "MAX_POSITIONS",
    "MAX_RUNS",
    "TIERS",
    "ApplicantOdds",
    "ApplicantQuery",
    "Interval",
    "Market",
    "MarketYear",
    "OddsError",
    "ProgramOdds",
    "ProgramQuery",
    "RankShare",
    "applicant_odds",
    "choose_market",
    "default_market_key",
    "integrated_ir_years",
    "main_residency_years",
    "program_odds",
    "wilson_interval",
]

TIERS = ("top", "middle", "bottom")
TIER_NAMES = {"top": "top third", "middle": "middle third", "bottom": "bottom third"}

DEFAULT_RUNS = 100
MAX_RUNS = 200
MAX_APPLICANTS = 600
MAX_POSITIONS = 250
MAX_APPLICANT_LIST = 40
MAX_PROGRAM_POSITIONS = 30
MAX_PROGRAM_LIST = 300
MAX_SEED = 2**31 - 1

POSITIONS_PER_PROGRAM = 2
DESIRABILITY_WEIGHT = 0.75
PROGRAM_NOISE = 0.75
OTHER_LIST_LENGTHS = (8, 16)
PROGRAM_RANKS_PER_POSITION = 10
Z_95 = 1.959963984540054

YOU = "you"
YOUR_PROGRAM = "your-program"

Matcher = Callable[[dict[str, Any]], Mapping[str, str | None]]


def engine_matcher(instance: dict[str, Any]) -> Mapping[str, str | None]:
    """Run the project's match engine on one instance; applicant id -> program id or None."""
    return run_match(parse_instance(instance)).matches


class OddsError(ValueError):
    """Input the model cannot run with; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# --- markets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketYear:
    """One match year of the integrated IR figures (rule data ``match/market-integrated-ir``)."""

    year: int
    positions: int
    applicants: int | None
    filled: int | None
    positions_by_type: dict[str, int] | None
    filled_by_type: dict[str, int] | None
    source: str
    confidence: str

    @property
    def key(self) -> str:
        return f"ir-{self.year}"

    @property
    def simulatable(self) -> bool:
        return self.applicants is not None


@dataclass(frozen=True)
class Market:
    """The market one query simulates."""

    key: str
    label: str
    positions: int
    applicants: int
    source: str

    @property
    def programs(self) -> int:
        return -(-self.positions // POSITIONS_PER_PROGRAM)


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _optional_counts(value: object) -> dict[str, int] | None:
    if not isinstance(value, Mapping):
        return None
    return {str(key): int(str(count)) for key, count in value.items()}


def integrated_ir_years(parameter: Parameter) -> list[MarketYear]:
    """The integrated IR match years in the rule data, newest first."""
    years = []
    for _start, value in parameter.values:
        if not isinstance(value, Mapping):
            continue
        years.append(
            MarketYear(
                year=int(value["match_year"]),
                positions=int(value["positions"]),
                applicants=_optional_int(value.get("applicants")),
                filled=_optional_int(value.get("filled")),
                positions_by_type=_optional_counts(value.get("positions_by_type")),
                filled_by_type=_optional_counts(value.get("filled_by_type")),
                source=str(value.get("source", "")),
                confidence=str(value.get("confidence", parameter.confidence or "")),
            )
        )
    return sorted(years, key=lambda item: item.year, reverse=True)


def main_residency_years(parameter: Parameter) -> list[dict[str, Any]]:
    """The NRMP Main Residency Match totals in the rule data (context only), newest first."""
    rows = [dict(value) for _start, value in parameter.values if isinstance(value, Mapping)]
    return sorted(rows, key=lambda row: int(row["match_year"]), reverse=True)


def default_market_key(years: Sequence[MarketYear]) -> str:
    """The newest integrated IR year that can be simulated, else ``custom``."""
    simulatable = [year for year in years if year.simulatable]
    return max(simulatable, key=lambda year: year.year).key if simulatable else "custom"


def choose_market(
    market: str | None,
    *,
    years: Sequence[MarketYear],
    positions: int | None = None,
    applicants: int | None = None,
) -> Market:
    """The market named ``market``: ``ir-<year>`` from the rule data, or ``custom`` counts.

    No name means the newest integrated IR year with both positions and applicants.
    """
    if not market:
        market = default_market_key(years)
    if market == "custom":
        if positions is None:
            raise OddsError("market_positions", "a custom market needs the number of positions")
        if applicants is None:
            raise OddsError("market_applicants", "a custom market needs the number of applicants")
        if not 1 <= positions <= MAX_POSITIONS:
            raise OddsError(
                "market_positions",
                f"must be between 1 and {MAX_POSITIONS} (the model runs at the integrated IR "
                "scale, not the whole Main Residency Match)",
            )
        if not 1 <= applicants <= MAX_APPLICANTS:
            raise OddsError(
                "market_applicants",
                f"must be between 1 and {MAX_APPLICANTS} (the model runs at the integrated IR "
                "scale, not the whole Main Residency Match)",
            )
        return Market(
            key="custom",
            label=f"Custom market: {positions} positions, {applicants} applicants",
            positions=positions,
            applicants=applicants,
            source="figures you entered",
        )
    for year in years:
        if year.key == market:
            if year.applicants is None:
                raise OddsError(
                    "market",
                    f"integrated IR {year.year}: our sources give positions ({year.positions}) "
                    "but not the number of applicants; choose a custom market",
                )
            return Market(
                key=year.key,
                label=(
                    f"Integrated IR, {year.year} match: {year.positions} positions, "
                    f"{year.applicants} applicants"
                ),
                positions=year.positions,
                applicants=year.applicants,
                source=f"{year.source} (confidence {year.confidence})",
            )
    choices = ", ".join([*(year.key for year in years if year.simulatable), "custom"])
    raise OddsError("market", f"unknown market {market!r}; choose one of {choices}")


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


def _shares(counts: Sequence[int], runs: int) -> tuple[RankShare, ...]:
    return tuple(
        RankShare(rank=index + 1, probability=count / runs, runs=count)
        for index, count in enumerate(counts)
    )


def _quantile(values: Sequence[int], fraction: float) -> int | None:
    """The smallest value with at least ``fraction`` of ``values`` at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, math.ceil(fraction * len(ordered)) - 1)
    return ordered[index]


# --- queries and answers -------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantQuery:
    """An applicant's question. ``tier_mix``: weights (percent) for top, middle, bottom tiers."""

    market: Market
    list_length: int
    percentile: float
    tier_mix: tuple[int, int, int] = (34, 33, 33)
    runs: int = DEFAULT_RUNS
    seed: int = 1


@dataclass(frozen=True)
class ProgramQuery:
    """A director's question: their program's positions, list length and desirability tier."""

    market: Market
    positions: int
    list_length: int
    tier: str = "middle"
    runs: int = DEFAULT_RUNS
    seed: int = 1


@dataclass(frozen=True)
class ApplicantOdds:
    probability: float
    interval: Interval
    matched_runs: int
    runs: int
    seed: int
    rank_distribution: tuple[RankShare, ...]  # ranks 1..list length; sums to probability
    median_rank_if_matched: int | None
    list_length: int
    list_composition: dict[str, int]
    percentile: float
    market: Market
    assumptions: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["market"]["programs"] = self.market.programs
        data["assumptions"] = list(self.assumptions)
        data["rank_distribution"] = [asdict(share) for share in self.rank_distribution]
        return data


@dataclass(frozen=True)
class ProgramOdds:
    fill_probability: float
    fill_interval: Interval
    filled_runs: int
    runs: int
    seed: int
    positions: int
    list_length: int
    tier: str
    mean_positions_filled: float
    mean_list_length: float  # after the interview pool: only applicants who listed you
    # The rank on your list of the last (deepest) applicant you matched, ranks 1..list length;
    # sums to the chance of matching at least one applicant.
    last_matched_distribution: tuple[RankShare, ...]
    # The chance that every position is filled by applicants ranked at or above each rank.
    filled_within: tuple[RankShare, ...]
    median_last_matched_rank: int | None
    p90_last_matched_rank: int | None
    mean_depth_fraction: float | None  # last matched rank / list length, mean over runs
    market: Market
    assumptions: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["market"]["programs"] = self.market.programs
        data["assumptions"] = list(self.assumptions)
        return data


# --- validation ----------------------------------------------------------------------------


def _check_runs_and_seed(runs: int, seed: int) -> None:
    if not 1 <= runs <= MAX_RUNS:
        raise OddsError("runs", f"must be between 1 and {MAX_RUNS}")
    if not 0 <= seed <= MAX_SEED:
        raise OddsError("seed", f"must be between 0 and {MAX_SEED}")


def _tier_sizes(programs: int) -> dict[str, int]:
    """Programs per tier: thirds, the top tiers taking the remainder."""
    base, extra = divmod(programs, 3)
    return {tier: base + (1 if index < extra else 0) for index, tier in enumerate(TIERS)}


def list_composition(
    list_length: int, tier_mix: Sequence[int], tier_sizes: Mapping[str, int]
) -> dict[str, int]:
    """How many programs of each tier a list of ``list_length`` holds.

    Slots are handed out one at a time by the Sainte-Lague (Webster) divisor rule on the
    ``tier_mix`` weights, skipping full tiers, so a longer list always contains the shorter
    one's programs (no Alabama paradox).
    """
    counts = dict.fromkeys(TIERS, 0)
    for _slot in range(list_length):
        open_tiers = [
            (index, tier)
            for index, tier in enumerate(TIERS)
            if tier_mix[index] > 0 and counts[tier] < tier_sizes[tier]
        ]
        if not open_tiers:
            available = sum(
                tier_sizes[tier] for index, tier in enumerate(TIERS) if tier_mix[index] > 0
            )
            raise OddsError(
                "list_length",
                f"the market has only {available} programs in the tiers you chose; "
                "shorten the list or widen the tier mix",
            )
        _index, tier = max(
            open_tiers,
            key=lambda item: (tier_mix[item[0]] / (2 * counts[item[1]] + 1), -item[0]),
        )
        counts[tier] += 1
    return counts


def _check_applicant(query: ApplicantQuery) -> dict[str, int]:
    _check_runs_and_seed(query.runs, query.seed)
    if not 1 <= query.percentile <= 99:
        raise OddsError("percentile", "must be between 1 and 99")
    if len(query.tier_mix) != 3 or any(weight < 0 for weight in query.tier_mix):
        raise OddsError("tier_mix", "needs three shares (top, middle, bottom), none negative")
    if sum(query.tier_mix) != 100:
        raise OddsError(
            "tier_mix",
            f"the top, middle and bottom shares must add up to 100 (they add up to "
            f"{sum(query.tier_mix)})",
        )
    if query.market.applicants < 2:
        raise OddsError(
            "market_applicants", "the market needs at least 2 applicants (you and another)"
        )
    programs = query.market.programs
    if not 1 <= query.list_length <= min(MAX_APPLICANT_LIST, programs):
        raise OddsError(
            "list_length",
            f"must be between 1 and {min(MAX_APPLICANT_LIST, programs)} "
            f"(the market has {programs} programs)",
        )
    return list_composition(query.list_length, query.tier_mix, _tier_sizes(programs))


def _check_program(query: ProgramQuery) -> None:
    _check_runs_and_seed(query.runs, query.seed)
    if query.tier not in TIERS:
        raise OddsError("tier", f"must be one of {', '.join(TIERS)}")
    limit = min(MAX_PROGRAM_POSITIONS, query.market.positions)
    if not 1 <= query.positions <= limit:
        raise OddsError(
            "positions",
            f"must be between 1 and {limit} (the market has {query.market.positions} positions)",
        )
    limit = min(MAX_PROGRAM_LIST, query.market.applicants)
    if not 1 <= query.list_length <= limit:
        raise OddsError(
            "list_length",
            f"must be between 1 and {limit} (the market has {query.market.applicants} applicants)",
        )


# --- the simulated market ------------------------------------------------------------------


def _rng(seed: int, run: int, stream: str) -> random.Random:
    # A str seed is hashed with SHA-512: the same on every machine and process.
    return random.Random(f"seldinger-odds:{seed}:{run}:{stream}")


def _program_sizes(positions: int) -> list[int]:
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


def _gumbel(rng: random.Random) -> float:
    return -math.log(-math.log(1.0 - rng.random() * (1.0 - 1e-12)))


def _normals(rng: random.Random, count: int, scale: float = 1.0) -> list[float]:
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
class _Market:
    desirability: list[float]
    competitiveness: list[float]  # other applicants
    lists: list[list[int]]  # other applicants' rank order lists (program indices)
    listers: list[list[int]]  # per program: other applicants who listed it, in draw order
    fit_noise: list[list[float]]  # per program: the program's noise for each lister


def _draw_market(
    rng: random.Random,
    programs: int,
    applicants: int,
    fixed_desirability: Mapping[int, float] | None = None,
) -> _Market:
    desirability = _normals(rng, programs)
    for program, value in (fixed_desirability or {}).items():
        desirability[program] = value
    competitiveness = _normals(rng, applicants)
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
            keys = [DESIRABILITY_WEIGHT * value + _gumbel(rng) for value in desirability]
            ranked = sorted(population, key=lambda program: -keys[program])[:length]
        else:
            ranked = sampler.draw(length)
        lists.append(ranked)
        for program in ranked:
            listers[program].append(applicant)
    noise = _normals(rng, sum(len(names) for names in listers), PROGRAM_NOISE)
    fit_noise: list[list[float]] = []
    start = 0
    for names in listers:
        fit_noise.append(noise[start : start + len(names)])
        start += len(names)
    return _Market(desirability, competitiveness, lists, listers, fit_noise)


def _program_list(
    market: _Market,
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


def _instance(
    market: _Market,
    sizes: Sequence[int],
    program_lists: Sequence[list[str]],
    program_ids: Sequence[str],
    names: Sequence[str],
    extra_applicants: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "programs": [
            {
                "id": program_ids[index],
                "positions": size,
                "kind": "categorical",
                "rank_list": program_lists[index],
            }
            for index, size in enumerate(sizes)
        ],
        "applicants": [
            {"id": names[applicant], "rank_list": [program_ids[p] for p in ranked]}
            for applicant, ranked in enumerate(market.lists)
        ]
        + list(extra_applicants),
    }


def applicant_odds(query: ApplicantQuery, *, matcher: Matcher = engine_matcher) -> ApplicantOdds:
    """Estimate an applicant's chance of matching and the rank they match at."""
    composition = _check_applicant(query)
    sizes = _program_sizes(query.market.positions)
    programs = len(sizes)
    program_ids = [f"p{index}" for index in range(programs)]
    names = [f"a{index}" for index in range(query.market.applicants - 1)]
    you_score = statistics.NormalDist().inv_cdf(query.percentile / 100)
    counts = [0] * query.list_length
    matched_ranks: list[int] = []
    for run in range(query.runs):
        market = _draw_market(
            _rng(query.seed, run, "market"), programs, query.market.applicants - 1
        )
        you = _rng(query.seed, run, "you")
        # Everything about "you" comes from one stream, consumed the same way whatever the
        # query, so queries differing only in percentile or list length share their draws.
        your_fit = _normals(you, programs, PROGRAM_NOISE)
        your_taste = [DESIRABILITY_WEIGHT * value + _gumbel(you) for value in market.desirability]
        by_desirability = sorted(range(programs), key=lambda p: -market.desirability[p])
        sizes_by_tier = _tier_sizes(programs)
        chosen: list[int] = []
        start = 0
        for tier in TIERS:
            members = by_desirability[start : start + sizes_by_tier[tier]]
            start += sizes_by_tier[tier]
            you.shuffle(members)
            chosen.extend(members[: composition[tier]])
        your_list = sorted(chosen, key=lambda p: -your_taste[p])
        listed = set(your_list)
        program_lists = [
            _program_list(
                market,
                program,
                PROGRAM_RANKS_PER_POSITION * size,
                names,
                [(YOU, you_score + your_fit[program])] if program in listed else (),
            )
            for program, size in enumerate(sizes)
        ]
        you_entry = {"id": YOU, "rank_list": [program_ids[p] for p in your_list]}
        matches = matcher(_instance(market, sizes, program_lists, program_ids, names, [you_entry]))
        matched = matches.get(YOU)
        if matched is not None:
            rank = your_list.index(int(matched[1:])) + 1
            counts[rank - 1] += 1
            matched_ranks.append(rank)
    successes = len(matched_ranks)
    return ApplicantOdds(
        probability=successes / query.runs,
        interval=wilson_interval(successes, query.runs),
        matched_runs=successes,
        runs=query.runs,
        seed=query.seed,
        rank_distribution=_shares(counts, query.runs),
        median_rank_if_matched=_quantile(matched_ranks, 0.5),
        list_length=query.list_length,
        list_composition=composition,
        percentile=query.percentile,
        market=query.market,
        assumptions=applicant_assumptions(query),
    )


def _tier_desirability(rng: random.Random, tier: str) -> float:
    """A desirability drawn uniformly within the tier's third of the N(0, 1) distribution."""
    index = TIERS.index(tier)
    low, high = (2 - index) / 3, (3 - index) / 3
    quantile = low + (high - low) * rng.random()
    quantile = min(max(quantile, 1e-9), 1 - 1e-9)
    return statistics.NormalDist().inv_cdf(quantile)


def program_odds(query: ProgramQuery, *, matcher: Matcher = engine_matcher) -> ProgramOdds:
    """Estimate how far down its list a program goes, and how often it fills."""
    _check_program(query)
    sizes = [query.positions, *_program_sizes(query.market.positions - query.positions)]
    programs = len(sizes)
    program_ids = [YOUR_PROGRAM, *(f"p{index}" for index in range(1, programs))]
    names = [f"a{index}" for index in range(query.market.applicants)]
    last_counts = [0] * query.list_length
    within_counts = [0] * query.list_length
    filled_runs = 0
    positions_filled = 0
    list_lengths = 0
    last_ranks: list[int] = []
    for run in range(query.runs):
        yours = _tier_desirability(_rng(query.seed, run, "program"), query.tier)
        market = _draw_market(
            _rng(query.seed, run, "market"), programs, query.market.applicants, {0: yours}
        )
        program_lists = [
            _program_list(
                market,
                program,
                query.list_length if program == 0 else PROGRAM_RANKS_PER_POSITION * size,
                names,
            )
            for program, size in enumerate(sizes)
        ]
        your_list = program_lists[0]
        list_lengths += len(your_list)
        matches = matcher(_instance(market, sizes, program_lists, program_ids, names))
        rank_of = {name: index + 1 for index, name in enumerate(your_list)}
        ranks = [rank_of[name] for name, program in matches.items() if program == YOUR_PROGRAM]
        positions_filled += len(ranks)
        if ranks:
            deepest = max(ranks)
            last_counts[deepest - 1] += 1
            last_ranks.append(deepest)
            if len(ranks) == query.positions:
                filled_runs += 1
                for index in range(deepest - 1, query.list_length):
                    within_counts[index] += 1
    return ProgramOdds(
        fill_probability=filled_runs / query.runs,
        fill_interval=wilson_interval(filled_runs, query.runs),
        filled_runs=filled_runs,
        runs=query.runs,
        seed=query.seed,
        positions=query.positions,
        list_length=query.list_length,
        tier=query.tier,
        mean_positions_filled=positions_filled / query.runs,
        mean_list_length=list_lengths / query.runs,
        last_matched_distribution=_shares(last_counts, query.runs),
        filled_within=_shares(within_counts, query.runs),
        median_last_matched_rank=_quantile(last_ranks, 0.5),
        p90_last_matched_rank=_quantile(last_ranks, 0.9),
        mean_depth_fraction=(
            statistics.fmean(rank / query.list_length for rank in last_ranks)
            if last_ranks
            else None
        ),
        market=query.market,
        assumptions=program_assumptions(query),
    )


# --- the assumptions, in words -------------------------------------------------------------


def _market_assumptions(market: Market) -> list[str]:
    programs = market.programs
    return [
        "This is a model, not a prediction: it shows what follows from the assumptions below, "
        "not what will happen to you or your program.",
        f"Market: {market.label} (source: {market.source}). The {market.positions} positions "
        f"are split into {programs} programs of {POSITIONS_PER_PROGRAM} (the last may be "
        "smaller). PGY-1, PGY-2 and reserved positions are one pool; there are no couples, "
        "supplemental lists or SOAP, and no backup specialty: many real IR applicants also "
        "rank diagnostic radiology, which the model leaves out.",
        "The whole NRMP Main Residency Match (tens of thousands of applicants) is shown for "
        "context only; it is not simulated, and custom markets are capped at "
        f"{MAX_POSITIONS} positions and {MAX_APPLICANTS} applicants (the integrated IR scale).",
        "Programs: each has a desirability drawn from a standard normal distribution, common to "
        "all applicants; tiers are thirds of the programs by desirability.",
        f"Applicants' preferences: {DESIRABILITY_WEIGHT} x desirability plus independent "
        "Gumbel noise for each applicant and program (a common factor plus individual taste). "
        f"Every other applicant ranks {OTHER_LIST_LENGTHS[0]} to {OTHER_LIST_LENGTHS[1]} "
        "programs (uniformly), the ones they like best. These numbers are assumptions, not "
        "published figures; they were chosen so that the simulated 2023 and 2025 integrated IR "
        "matches fill nearly every position (the real ones filled about 98-99%) and a "
        "median applicant with a list spread evenly over the tiers matches a little over half "
        "the time.",
        "Applicants' competitiveness: drawn from a standard normal distribution. A program "
        "ranks only applicants who listed it (as if it interviewed them), ordered by "
        f"competitiveness plus its own noise (standard deviation {PROGRAM_NOISE}), and keeps "
        f"the best {PROGRAM_RANKS_PER_POSITION} per position.",
        "Matching: the project's match engine (applicant-proposing deferred acceptance, as the "
        "NRMP runs it) on each simulated market.",
    ]


def applicant_assumptions(query: ApplicantQuery) -> tuple[str, ...]:
    mix = ", ".join(f"{share}% {tier}" for tier, share in zip(TIERS, query.tier_mix, strict=True))
    return (
        *_market_assumptions(query.market),
        f"You: competitiveness at percentile {query.percentile:g} among applicants "
        f"(z = {statistics.NormalDist().inv_cdf(query.percentile / 100):.2f}); a list of "
        f"{query.list_length} programs ({mix}), chosen at random within each tier in every run "
        "and ordered by your own preferences drawn as for everyone else.",
        f"{query.runs} runs with seed {query.seed}: the same inputs and seed give the same "
        "answer. The 95% interval (Wilson) covers the simulation's sampling error only, not "
        "the model's error.",
    )


def program_assumptions(query: ProgramQuery) -> tuple[str, ...]:
    return (
        *_market_assumptions(query.market),
        f"Your program: {query.positions} position{'s' if query.positions != 1 else ''}, "
        f"desirability drawn at random within the {TIER_NAMES[query.tier]} in every run. It "
        f"ranks the best {query.list_length} of the applicants who listed it; when fewer "
        "listed it, the list is shorter.",
        f"{query.runs} runs with seed {query.seed}: the same inputs and seed give the same "
        "answer. The 95% interval (Wilson) covers the simulation's sampling error only, not "
        "the model's error.",
    )
