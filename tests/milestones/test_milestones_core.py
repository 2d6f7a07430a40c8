"""The pure core: the rule data, level checks, periods and the summary."""

import datetime as dt

import pytest

from seldinger.milestones import milestones as core
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce

SET = core.load_milestone_set(default_parameters(), dt.date(2026, 1, 1))


def test_the_set_has_31_subcompetencies_in_six_competencies():
    assert len(SET.subcompetencies) == 31
    counts = {c.name: len(SET.of_competency(c.key)) for c in SET.competencies}
    assert counts == {
        "Patient Care": 6,
        "Medical Knowledge": 6,
        "Systems-Based Practice": 10,
        "Practice-Based Learning and Improvement": 2,
        "Professionalism": 4,
        "Interpersonal and Communication Skills": 3,
    }
    assert SET.get("pc5").name == "Performance of Procedures"
    assert SET.get("mk2").name == "Physics, Protocol Selection, and Optimization of Images"
    assert SET.get("sbp10").name == "Informatics"
    assert SET.get("ics3").name == "Communication within Health Care Systems"
    assert SET.graduation_target == 4 and SET.aspirational == 5


def test_levels_run_from_1_to_5_in_half_steps():
    assert SET.levels() == (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)


def test_the_set_is_not_in_force_before_december_2019():
    with pytest.raises(RuleNotInForce):
        core.load_milestone_set(default_parameters(), dt.date(2019, 11, 30))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), ("4.5", 4.5), (5.0, 5.0), ("NYA", None), ("not yet assessable", None)],
)
def test_valid_levels(value, expected):
    assert core.parse_level(SET, value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.7, "0.7 is outside the milestone levels"),
        (6, "6 is outside the milestone levels"),
        (4.25, "4.25 is not a whole or half level"),
        ("four", "'four' is not a milestone level"),
        (True, "True is not a milestone level"),
    ],
)
def test_invalid_levels_are_refused_with_a_clear_message(value, message):
    with pytest.raises(core.LevelError) as raised:
        core.parse_level(SET, value)
    assert message in str(raised.value)
    assert "from 1 to 5 in steps of 0.5" in str(raised.value)


def test_check_ratings_names_unknown_missing_and_invalid_keys():
    levels, errors = core.check_ratings(SET, {"pc1": 3, "pc2": 4.25, "zz9": 2}, complete=True)
    assert levels == {"pc1": 3.0}
    assert "4.25" in errors["pc2"] and "not a subcompetency" in errors["zz9"]
    assert "needs a level" in errors["mk1"] and len(errors) == 31


def test_a_draft_may_be_partial():
    assert core.check_ratings(SET, {"pc1": "", "pc2": 2}, complete=False) == ({"pc2": 2.0}, {})


def test_periods_are_semiannual_academic_halves():
    assert core.period_of(dt.date(2025, 7, 1)) == core.Period(2025, 1)
    assert core.period_of(dt.date(2026, 6, 30)) == core.Period(2025, 2)
    second = core.parse_period("2025-2")
    assert (second.start, second.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert second.previous() == core.Period(2025, 1)
    assert core.Period(2025, 1).previous() == core.Period(2024, 2)
    with pytest.raises(ValueError, match="not a period"):
        core.parse_period("2025-3")


def test_summary_per_subcompetency_over_time():
    first, second = core.Period(2024, 2), core.Period(2025, 1)
    sheets = [
        core.RatingSheet(second, core.FACULTY, {"pc1": 3.0}),
        core.RatingSheet(second, core.FACULTY, {"pc1": 4.0}),
        core.RatingSheet(second, core.SELF, {"pc1": 4.5}),
        core.RatingSheet(first, core.CCC, {"pc1": 2.5, "pc2": None}),
        core.RatingSheet(second, core.CCC, {"pc1": 4.0}),
    ]
    summary = core.summarise(SET, sheets)
    assert summary.periods == (first, second)
    pc1 = summary.rows[0]
    assert [p.ccc for p in pc1.points] == [2.5, 4.0]
    assert [p.faculty for p in pc1.points] == [None, 3.5]
    assert [p.self_assessment for p in pc1.points] == [None, 4.5]
    assert pc1.latest == 4.0 and pc1.reached_target
    pc2 = summary.rows[1]
    assert pc2.latest is None and not pc2.reached_target
    data = core.chart_data(SET, summary)
    assert data["target"] == 4.0 and data["subcompetencies"]["pc1"]["evaluation"] == [2.5, 4.0]
