"""The match-odds model (pure core): reproducible, bounded, and moving the right way."""

import math

import pytest

from seldinger.match import markets, odds, simulation
from seldinger.rules import default_parameters

# A small market keeps the unit tests quick; the pages and the API run the IR-sized ones.
SMALL = markets.Market(key="custom", label="test", positions=40, applicants=90, source="tests")
IR_SIZED = markets.Market(key="custom", label="test", positions=209, applicants=496, source="tests")


def applicant(**changes):
    values = {"market": SMALL, "list_length": 6, "percentile": 50, "runs": 60, "seed": 7}
    values.update(changes)
    return odds.applicant_odds(odds.ApplicantQuery(**values))


def program(**changes):
    values = {"market": SMALL, "positions": 2, "list_length": 12, "runs": 60, "seed": 7}
    values.update(changes)
    return odds.program_odds(odds.ProgramQuery(**values))


# --- statistics ----------------------------------------------------------------------------


def test_wilson_interval_known_values():
    middle = simulation.wilson_interval(5, 10)
    assert middle.low == pytest.approx(0.2366, abs=1e-4)
    assert middle.high == pytest.approx(0.7634, abs=1e-4)
    assert simulation.wilson_interval(0, 10).low == 0.0
    assert simulation.wilson_interval(10, 10).high == 1.0
    assert 0 < simulation.wilson_interval(0, 10).high < 0.35


@pytest.mark.parametrize("successes", [0, 1, 37, 99, 100])
def test_wilson_interval_contains_the_estimate(successes):
    interval = simulation.wilson_interval(successes, 100)
    assert 0.0 <= interval.low <= successes / 100 <= interval.high <= 1.0


def test_wilson_interval_rejects_nonsense():
    with pytest.raises(ValueError):
        simulation.wilson_interval(1, 0)
    with pytest.raises(ValueError):
        simulation.wilson_interval(5, 4)


def test_list_composition_follows_the_mix_and_never_shrinks():
    sizes = {"top": 30, "middle": 30, "bottom": 30}
    assert odds.list_composition(12, (34, 33, 33), sizes) == {"top": 4, "middle": 4, "bottom": 4}
    assert odds.list_composition(10, (100, 0, 0), sizes) == {"top": 10, "middle": 0, "bottom": 0}
    previous = dict.fromkeys(odds.TIERS, 0)
    for length in range(1, 40):
        counts = odds.list_composition(length, (50, 30, 20), sizes)
        assert sum(counts.values()) == length
        assert all(counts[tier] >= previous[tier] for tier in odds.TIERS)
        previous = counts


def test_list_composition_spills_over_full_tiers_and_refuses_when_all_are_full():
    sizes = {"top": 2, "middle": 5, "bottom": 5}
    assert odds.list_composition(6, (80, 20, 0), sizes) == {"top": 2, "middle": 4, "bottom": 0}
    with pytest.raises(odds.OddsError) as raised:
        odds.list_composition(8, (80, 20, 0), sizes)
    assert raised.value.field == "list_length"


# --- the applicant -------------------------------------------------------------------------


def test_applicant_odds_are_reproducible_with_a_seed():
    first, again = applicant(), applicant()
    assert first.as_dict() == again.as_dict()
    assert first.seed == 7 and first.runs == 60
    assert applicant(seed=8).as_dict() != first.as_dict()


def test_applicant_answer_is_a_coherent_distribution():
    result = applicant(list_length=8)
    assert 0.0 <= result.probability <= 1.0
    assert result.interval.low <= result.probability <= result.interval.high
    assert result.interval.low >= 0.0 and result.interval.high <= 1.0
    assert [share.rank for share in result.rank_distribution] == list(range(1, 9))
    assert sum(share.probability for share in result.rank_distribution) == pytest.approx(
        result.probability
    )
    assert sum(share.runs for share in result.rank_distribution) == result.matched_runs
    assert result.probability == result.matched_runs / result.runs
    assert sum(result.list_composition.values()) == 8
    assert any("not a prediction" in line for line in result.assumptions)
    assert any("60 runs with seed 7" in line for line in result.assumptions)


def test_more_competitive_applicants_match_more_often():
    chances = [applicant(percentile=p).probability for p in (5, 30, 50, 70, 95)]
    # Same seed, same markets: a better score can only help (deferred acceptance respects
    # improvements), so the chances never fall, and the extremes differ clearly.
    assert chances == sorted(chances)
    assert chances[-1] - chances[0] > 0.3


def test_longer_lists_match_more_often():
    chances = [applicant(list_length=n).probability for n in (1, 3, 6, 10, 15)]
    # A longer list contains the shorter one in the same order, so a match never gets lost.
    assert chances == sorted(chances)
    assert chances[-1] > chances[0]


def test_a_list_of_less_popular_programs_is_safer():
    top_heavy = applicant(percentile=30, tier_mix=(100, 0, 0))
    bottom_heavy = applicant(percentile=30, tier_mix=(0, 0, 100))
    assert bottom_heavy.probability > top_heavy.probability


def test_the_median_rank_is_on_the_list():
    result = applicant(percentile=90, list_length=10)
    assert result.median_rank_if_matched is not None
    assert 1 <= result.median_rank_if_matched <= 10


def test_the_strongest_applicant_usually_matches_high_on_their_list():
    result = applicant(percentile=99, list_length=10)
    assert result.probability > 0.9
    first_three = sum(share.probability for share in result.rank_distribution[:3])
    assert first_three > 0.5


# --- the director --------------------------------------------------------------------------


def test_program_odds_are_reproducible_and_coherent():
    result = program()
    assert result.as_dict() == program().as_dict()
    assert 0.0 <= result.fill_probability <= 1.0
    assert result.fill_interval.low <= result.fill_probability <= result.fill_interval.high
    assert len(result.last_matched_distribution) == 12 == len(result.filled_within)
    within = [share.probability for share in result.filled_within]
    assert within == sorted(within)
    assert within[-1] == pytest.approx(result.fill_probability)
    matched_any = sum(share.probability for share in result.last_matched_distribution)
    assert result.fill_probability <= matched_any + 1e-9
    assert matched_any <= 1.0 + 1e-9
    assert 0 <= result.mean_positions_filled <= 2
    assert 0 < result.mean_list_length <= 12
    assert result.mean_depth_fraction is not None and 0 < result.mean_depth_fraction <= 1
    assert result.median_last_matched_rank <= result.p90_last_matched_rank <= 12


def test_more_positions_go_further_down_the_same_list():
    small = program(market=IR_SIZED, positions=1, list_length=20, runs=40)
    large = program(market=IR_SIZED, positions=5, list_length=20, runs=40)
    assert large.median_last_matched_rank > small.median_last_matched_rank
    assert large.mean_depth_fraction > small.mean_depth_fraction


def test_more_positions_go_less_far_down_relative_to_list_length():
    # Ten ranks per position either way: the bigger program leans less on the tail of its
    # list (the deepest of several acceptances is relatively shallower than a single one).
    for tier in ("top", "bottom"):
        small = program(market=IR_SIZED, positions=1, list_length=10, tier=tier, runs=40)
        large = program(market=IR_SIZED, positions=4, list_length=40, tier=tier, runs=40)
        assert large.mean_depth_fraction < small.mean_depth_fraction
        assert large.p90_last_matched_rank / 40 < small.p90_last_matched_rank / 10


def test_less_desirable_programs_have_fewer_applicants_to_rank():
    top = program(market=IR_SIZED, positions=4, list_length=40, tier="top", runs=40)
    bottom = program(market=IR_SIZED, positions=4, list_length=40, tier="bottom", runs=40)
    assert top.mean_list_length == 40  # plenty of applicants list a top-tier program
    assert bottom.mean_list_length < top.mean_list_length


# --- markets and refusals ------------------------------------------------------------------


def test_markets_come_from_the_rule_data():
    rules = default_parameters()
    years = markets.integrated_ir_years(rules["match/market-integrated-ir"])
    by_year = {year.year: year for year in years}
    assert (by_year[2023].positions, by_year[2023].applicants) == (178, 378)
    assert by_year[2024].positions_by_type == {"pgy1": 51, "pgy2": 137, "reserved": 2}
    assert by_year[2024].positions == sum(by_year[2024].positions_by_type.values())
    assert not by_year[2024].simulatable
    assert (by_year[2025].positions, by_year[2025].applicants) == (209, 496)
    assert markets.default_market_key(years) == "ir-2025"
    market = markets.choose_market(None, years=years)
    assert (market.key, market.positions, market.applicants) == ("ir-2025", 209, 496)
    assert market.programs == math.ceil(209 / simulation.POSITIONS_PER_PROGRAM)
    main = markets.main_residency_years(rules["match/market-main-residency"])
    assert [row["match_year"] for row in main] == [2025, 2024]
    assert (main[0]["active_applicants"], main[0]["positions"]) == (47208, 43237)
    assert (main[1]["registered_applicants"], main[1]["positions"]) == (50413, 41503)


def _years():
    return markets.integrated_ir_years(default_parameters()["match/market-integrated-ir"])


@pytest.mark.parametrize(
    ("market", "counts", "field", "words"),
    [
        ("ir-2024", {}, "market", "not the number of applicants"),
        ("ir-1999", {}, "market", "unknown market"),
        ("custom", {"applicants": 100}, "market_positions", "needs the number of positions"),
        ("custom", {"positions": 10}, "market_applicants", "needs the number of applicants"),
        ("custom", {"positions": 40_000, "applicants": 100}, "market_positions", "between 1"),
        ("custom", {"positions": 10, "applicants": 50_000}, "market_applicants", "between 1"),
    ],
)
def test_bad_markets_are_refused_naming_the_field(market, counts, field, words):
    with pytest.raises(odds.OddsError) as raised:
        markets.choose_market(market, years=_years(), **counts)
    assert raised.value.field == field
    assert words in raised.value.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"percentile": 0}, "percentile"),
        ({"percentile": 100}, "percentile"),
        ({"tier_mix": (50, 50, 50)}, "tier_mix"),
        ({"tier_mix": (120, -10, -10)}, "tier_mix"),
        ({"list_length": 0}, "list_length"),
        ({"list_length": 21}, "list_length"),  # the small market has 20 programs
        ({"runs": 0}, "runs"),
        ({"runs": odds.MAX_RUNS + 1}, "runs"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_applicant_input_is_refused_before_any_run(changes, field):
    with pytest.raises(odds.OddsError) as raised:
        applicant(**changes)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"positions": 0}, "positions"),
        ({"positions": 41}, "positions"),
        ({"list_length": 0}, "list_length"),
        ({"list_length": 91}, "list_length"),
        ({"tier": "elite"}, "tier"),
        ({"runs": 1000}, "runs"),
    ],
)
def test_bad_program_input_is_refused(changes, field):
    with pytest.raises(odds.OddsError) as raised:
        program(**changes)
    assert raised.value.field == field
