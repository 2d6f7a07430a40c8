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

import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from seldinger.match.instance import ApplicantSpec
from seldinger.match.markets import MAX_APPLICANTS, MAX_POSITIONS, Market, OddsError
from seldinger.match.simulation import (
    DESIRABILITY_WEIGHT,
    OTHER_LIST_LENGTHS,
    POSITIONS_PER_PROGRAM,
    PROGRAM_NOISE,
    PROGRAM_RANKS_PER_POSITION,
    Interval,
    Matcher,
    RankShare,
    draw_market,
    engine_matcher,
    gumbel,
    market_instance,
    normals,
    program_list,
    program_sizes,
    quantile,
    rng_for,
    shares,
    wilson_interval,
)

__all__ = [
    "DEFAULT_RUNS",
    "MAX_JOB_RUNS",
    "MAX_RUNS",
    "TIERS",
    "ApplicantOdds",
    "ApplicantQuery",
    "OddsError",
    "ProgramOdds",
    "ProgramQuery",
    "applicant_odds",
    "applicant_query",
    "check_query",
    "list_composition",
    "percent",
    "program_odds",
    "program_query",
]

TIERS = ("top", "middle", "bottom")
TIER_NAMES = {"top": "top third", "middle": "middle third", "bottom": "bottom third"}

DEFAULT_RUNS = 100
#: Runs answered within a request (for anyone, logged in or not) ...
MAX_RUNS = 200
#: ... and by a background job, for a logged-in user.
MAX_JOB_RUNS = 5000
MAX_APPLICANT_LIST = 40
MAX_PROGRAM_POSITIONS = 30
MAX_PROGRAM_LIST = 300
MAX_SEED = 2**31 - 1

YOU = "you"
YOUR_PROGRAM = "your-program"


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


def applicant_query(market: Market, inputs: Mapping[str, Any]) -> ApplicantQuery:
    """The applicant's question from the inputs of the odds page or request (the tier shares
    as ``top``, ``middle`` and ``bottom``)."""
    return ApplicantQuery(
        market=market,
        list_length=inputs["list_length"],
        percentile=inputs["percentile"],
        tier_mix=(inputs["top"], inputs["middle"], inputs["bottom"]),
        runs=inputs["runs"],
        seed=inputs["seed"],
    )


def program_query(market: Market, inputs: Mapping[str, Any]) -> ProgramQuery:
    """The director's question from the inputs of the odds page or request."""
    return ProgramQuery(
        market=market,
        positions=inputs["positions"],
        list_length=inputs["list_length"],
        tier=inputs["tier"],
        runs=inputs["runs"],
        seed=inputs["seed"],
    )


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
        return _plain(self)


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
        return _plain(self)


def _plain(answer: ApplicantOdds | ProgramOdds) -> dict[str, Any]:
    """An answer in plain values, as the API gives it: its sequences as lists (a share as a
    dict), the market with its count of programs."""
    data = asdict(answer)
    data["market"]["programs"] = answer.market.programs
    return {
        name: list(value) if isinstance(value, tuple) else value for name, value in data.items()
    }


# --- validation ----------------------------------------------------------------------------


#: ``progress(done, total)``: runs simulated so far, of all (a background job shows it).
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


def percent(value: float) -> str:
    """A share as a whole percentage: "73"."""
    return f"{100 * value:.0f}"


def check_query(query: ApplicantQuery | ProgramQuery, *, max_runs: int = MAX_RUNS) -> None:
    """OddsError for a question the model cannot answer (asked before handing it to a job)."""
    if isinstance(query, ApplicantQuery):
        _check_applicant(query, max_runs)
    else:
        _check_program(query, max_runs)


def _check_runs_and_seed(runs: int, seed: int, max_runs: int) -> None:
    if not 1 <= runs <= max_runs:
        raise OddsError("runs", f"must be between 1 and {max_runs}")
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


def _check_applicant(query: ApplicantQuery, max_runs: int) -> dict[str, int]:
    _check_runs_and_seed(query.runs, query.seed, max_runs)
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


def _check_program(query: ProgramQuery, max_runs: int) -> None:
    _check_runs_and_seed(query.runs, query.seed, max_runs)
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


def applicant_odds(
    query: ApplicantQuery,
    *,
    matcher: Matcher = engine_matcher,
    max_runs: int = MAX_RUNS,
    progress: Progress = _no_progress,
) -> ApplicantOdds:
    """Estimate an applicant's chance of matching and the rank they match at."""
    composition = _check_applicant(query, max_runs)
    sizes = program_sizes(query.market.positions)
    programs = len(sizes)
    program_ids = [f"p{index}" for index in range(programs)]
    names = [f"a{index}" for index in range(query.market.applicants - 1)]
    you_score = statistics.NormalDist().inv_cdf(query.percentile / 100)
    counts = [0] * query.list_length
    matched_ranks: list[int] = []
    for run in range(query.runs):
        progress(run, query.runs)
        market = draw_market(
            rng_for(query.seed, run, "market"), programs, query.market.applicants - 1
        )
        you = rng_for(query.seed, run, "you")
        # Everything about "you" comes from one stream, consumed the same way whatever the
        # query, so queries differing only in percentile or list length share their draws.
        your_fit = normals(you, programs, PROGRAM_NOISE)
        your_taste = [DESIRABILITY_WEIGHT * value + gumbel(you) for value in market.desirability]
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
            program_list(
                market,
                program,
                PROGRAM_RANKS_PER_POSITION * size,
                names,
                [(YOU, you_score + your_fit[program])] if program in listed else (),
            )
            for program, size in enumerate(sizes)
        ]
        you_entry = ApplicantSpec(YOU, [program_ids[p] for p in your_list])
        instance = market_instance(market, sizes, program_lists, program_ids, names, [you_entry])
        matches = matcher(instance)
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
        rank_distribution=shares(counts, query.runs),
        median_rank_if_matched=quantile(matched_ranks, 0.5),
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


def program_odds(
    query: ProgramQuery,
    *,
    matcher: Matcher = engine_matcher,
    max_runs: int = MAX_RUNS,
    progress: Progress = _no_progress,
) -> ProgramOdds:
    """Estimate how far down its list a program goes, and how often it fills."""
    _check_program(query, max_runs)
    sizes = [query.positions, *program_sizes(query.market.positions - query.positions)]
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
        progress(run, query.runs)
        yours = _tier_desirability(rng_for(query.seed, run, "program"), query.tier)
        market = draw_market(
            rng_for(query.seed, run, "market"), programs, query.market.applicants, {0: yours}
        )
        program_lists = [
            program_list(
                market,
                program,
                query.list_length if program == 0 else PROGRAM_RANKS_PER_POSITION * size,
                names,
            )
            for program, size in enumerate(sizes)
        ]
        your_list = program_lists[0]
        list_lengths += len(your_list)
        matches = matcher(market_instance(market, sizes, program_lists, program_ids, names))
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
        last_matched_distribution=shares(last_counts, query.runs),
        filled_within=shares(within_counts, query.runs),
        median_last_matched_rank=quantile(last_ranks, 0.5),
        p90_last_matched_rank=quantile(last_ranks, 0.9),
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
