"""The personal score's pure core: no database, no Django."""

import math

import pytest

from seldinger.programs.scoring import (
    CRITERIA,
    ProgramFacts,
    Scale,
    ScoringError,
    normalise_states,
    normalise_weights,
    scale_from,
    score_program,
    score_programs,
)

SCALE = Scale(case_volume=5000, faculty=20, publications=50)
FULL = ProgramFacts(
    key="FULL",
    state="MN",
    accreditation="continued",
    case_volume=2500,
    procedure_mix={"vascular": 50, "oncologic": 30, "neuro": 10, "pediatric": 2},
    faculty_count=10,
    publications_per_year=25,
    research_rotation=True,
)
EVEN = dict.fromkeys(CRITERIA, 1)


def parts(result):
    return {part.criterion: part for part in result.breakdown}


def test_weights_are_normalised_to_shares_that_add_up_to_one():
    shares = normalise_weights({"accreditation": 2, "case_volume": 6})

    assert shares == {
        "accreditation": 0.25,
        "case_volume": 0.75,
        "faculty": 0.0,
        "research": 0.0,
        "location": 0.0,
    }
    assert math.isclose(sum(normalise_weights(EVEN).values()), 1.0)


def test_only_the_proportions_of_the_weights_matter():
    small = {"accreditation": 1, "case_volume": 2, "faculty": 3, "research": 4, "location": 5}
    large = {criterion: weight * 37.5 for criterion, weight in small.items()}

    a = score_program(FULL, small, preferred_states=["MN"], scale=SCALE)
    b = score_program(FULL, large, preferred_states=["MN"], scale=SCALE)

    assert math.isclose(a.score, b.score)
    assert [p.weight for p in a.breakdown] == pytest.approx([p.weight for p in b.breakdown])


def test_points_per_criterion():
    result = score_program(FULL, EVEN, preferred_states=["mn"], scale=SCALE)
    points = {criterion: part.points for criterion, part in parts(result).items()}

    assert points == {
        "accreditation": 100,
        # volume 2500/5000 = 50; variety: 3 of 4 areas at 5% or more = 75
        "case_volume": pytest.approx(62.5),
        "faculty": pytest.approx(50),
        # publications 25/50 = 50; research rotation = 100
        "research": pytest.approx(75),
        "location": 100,
    }
    assert result.coverage == pytest.approx(1.0)
    assert result.score == pytest.approx((100 + 62.5 + 50 + 75 + 100) / 5)


def test_breakdown_contributions_add_up_to_the_score():
    weights = {"accreditation": 3, "case_volume": 5, "faculty": 1, "research": 2, "location": 4}
    for facts in (FULL, ProgramFacts(key="SPARSE", state="OR", faculty_count=3)):
        result = score_program(facts, weights, preferred_states=["MN"], scale=SCALE)
        assert sum(part.contribution for part in result.breakdown) == pytest.approx(result.score)
        assert sum(part.weight for part in result.breakdown) == pytest.approx(1.0)
        assert 0 <= result.score <= 100


def test_missing_data_is_left_out_and_the_other_weights_fill_its_place():
    sparse = ProgramFacts(key="SPARSE", accreditation="continued", faculty_count=10)

    result = score_program(sparse, EVEN, scale=SCALE)
    by = parts(result)

    assert by["case_volume"].points is None and by["case_volume"].contribution == 0
    assert by["research"].points is None and by["location"].points is None
    assert by["location"].note == "no preferred states chosen"
    # Two of five equal weights had data: each now counts for half.
    assert result.coverage == pytest.approx(0.4)
    assert by["accreditation"].share == pytest.approx(0.5)
    assert result.score == pytest.approx((100 + 50) / 2)


def test_missing_data_is_not_the_same_as_zero():
    reported_zero = ProgramFacts(key="ZERO", accreditation="continued", publications_per_year=0)
    not_reported = ProgramFacts(key="NONE", accreditation="continued")
    weights = {"accreditation": 1, "research": 1}

    assert score_program(reported_zero, weights, scale=SCALE).score == pytest.approx(50)
    assert score_program(not_reported, weights, scale=SCALE).score == pytest.approx(100)
    assert score_program(not_reported, weights, scale=SCALE).coverage == pytest.approx(0.5)


def test_no_data_for_any_weighted_criterion_gives_no_score():
    result = score_program(
        ProgramFacts(key="EMPTY", state="MN"), {"faculty": 1, "research": 1}, scale=SCALE
    )

    assert result.score is None
    assert result.coverage == 0
    assert [part.criterion for part in result.breakdown] == [
        "accreditation",
        "case_volume",
        "faculty",
        "research",
        "location",
    ]
    assert all(part.contribution == 0 for part in result.breakdown)


def test_location_needs_preferred_states():
    weights = {"location": 1}
    at_home = score_program(FULL, weights, preferred_states=["MN", "OR"], scale=SCALE)
    away = score_program(FULL, weights, preferred_states=["OR"], scale=SCALE)

    assert at_home.score == 100
    assert away.score == 0
    assert score_program(FULL, weights, scale=SCALE).score is None


def test_values_over_the_scale_are_capped():
    big = ProgramFacts(key="BIG", case_volume=50_000, faculty_count=99)

    result = score_program(big, {"case_volume": 1, "faculty": 1}, scale=SCALE)

    assert parts(result)["case_volume"].points == 100
    assert parts(result)["faculty"].points == 100


def test_scale_from_takes_the_largest_reported_values():
    scale = scale_from(
        [FULL, ProgramFacts(key="B", case_volume=8000), ProgramFacts(key="C", faculty_count=2)]
    )

    assert scale == Scale(case_volume=8000, faculty=10, publications=25)
    assert scale_from([]) == Scale(case_volume=1, faculty=1, publications=1)


def test_score_programs_ranks_best_first_and_unscored_last():
    programs = [
        ProgramFacts(key="B-NONE"),
        ProgramFacts(key="C-LOW", accreditation="probation"),
        ProgramFacts(key="A-HIGH", accreditation="continued"),
        ProgramFacts(key="D-HIGH", accreditation="continued"),
    ]

    ranked = score_programs(programs, {"accreditation": 1})

    assert [result.key for result in ranked] == ["A-HIGH", "D-HIGH", "C-LOW", "B-NONE"]
    assert ranked[-1].score is None


@pytest.mark.parametrize(
    ("weights", "words"),
    [
        (dict.fromkeys(CRITERIA, 0), "at least one criterion"),
        ({}, "at least one criterion"),
        ({"accreditation": -1, "faculty": 2}, "accreditation: the weight cannot be negative"),
        ({"prestige": 1}, "unknown criterion 'prestige'"),
        ({"faculty": "lots"}, "faculty: the weight must be a number"),
        ({"faculty": float("nan")}, "faculty: the weight must be a number"),
        ({"faculty": float("inf")}, "faculty: the weight must be finite"),
    ],
)
def test_weights_that_cannot_be_scored(weights, words):
    with pytest.raises(ScoringError, match=words):
        normalise_weights(weights)


def test_states_are_upper_cased_and_checked_when_known_codes_are_given():
    assert normalise_states([" mn", "OR", ""]) == frozenset({"MN", "OR"})
    with pytest.raises(ScoringError, match="'ZZ' is not a US state code") as error:
        normalise_states(["MN", "zz"], known={"MN", "OR"})
    assert error.value.field == "preferred_states"
