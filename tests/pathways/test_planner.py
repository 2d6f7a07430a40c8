"""The pure planner against the facts: pathway lengths, dated events, refusals."""

import datetime as dt

import pytest

from seldinger.pathways.dates import add_months, add_years, nth_weekday
from seldinger.pathways.planner import PlanningError, compare_pathways, plan_path
from seldinger.pathways.readiness import readiness_checklist
from seldinger.rules import default_parameters

RULES = default_parameters()
MS1_2026 = dt.date(2026, 8, 1)


def plan(pathway: str, stage: str = "ms1", start: dt.date = MS1_2026):
    return plan_path(stage=stage, stage_start=start, pathway=pathway, rules=RULES)


def event_date(pathway: str, key: str, **kwargs) -> dt.date:
    event = plan(pathway, **kwargs).event(key)
    assert event is not None, f"{pathway} has no event {key}"
    return event.date


def test_medical_student_starting_2026_begins_residency_july_2030():
    assert plan("integrated-ir").training_start == dt.date(2030, 7, 1)


@pytest.mark.parametrize(
    ("pathway", "years", "training_end"),
    [
        ("integrated-ir", 6, dt.date(2036, 6, 30)),
        ("independent-ir-esir", 6, dt.date(2036, 6, 30)),
        ("independent-ir", 7, dt.date(2037, 6, 30)),
        ("dr-only", 5, dt.date(2035, 6, 30)),
    ],
)
def test_postgraduate_years_and_training_end(pathway, years, training_end):
    result = plan(pathway)
    assert result.postgraduate_years == years
    assert result.training_end == training_end
    assert [stage.pgy for stage in result.stages if stage.pgy] == list(range(1, years + 1))


def test_core_exam_in_the_fall_of_r4_from_the_class_of_2029():
    # DR training starts with PGY-2 on July 1, 2031: R4 ends in June 2035.
    assert event_date("integrated-ir", "core-exam") == dt.date(2034, 9, 1)
    assert event_date("dr-only", "core-exam") == dt.date(2034, 9, 1)


def test_core_exam_in_june_of_r3_up_to_the_class_of_2028():
    core = plan("dr-only", stage="pgy4", start=dt.date(2026, 7, 1)).event("core-exam")
    # R3 runs July 2026 to June 2027; the 36th month of DR training is June 2027.
    assert (core.date, core.until) == (dt.date(2027, 6, 1), dt.date(2027, 6, 30))
    assert "Eligible from 2027-06-01" in core.note


def test_ir_oral_in_calendar_year_after_training_and_dr_oral_with_the_dr_class():
    integrated = plan("integrated-ir")
    oral = integrated.event("certifying-oral")
    assert (oral.date, oral.until) == (dt.date(2037, 1, 1), dt.date(2037, 12, 31))
    assert "IR oral" in oral.name
    dr_oral = integrated.event("certifying-dr-oral")
    assert (dr_oral.date, dr_oral.until) == (dt.date(2035, 6, 1), dt.date(2035, 6, 30))
    assert integrated.event("certifying-computer") is None


def test_classes_before_2029_take_the_computer_based_part_not_the_dr_oral():
    earlier = plan("integrated-ir", stage="pgy3", start=dt.date(2024, 7, 1))
    # PGY-1 in 2022: class of 2027, training ends June 2028.
    assert earlier.class_year == 2027
    assert earlier.event("certifying-dr-oral") is None
    assert earlier.event("certifying-computer").date == dt.date(2028, 9, 1)
    assert earlier.event("certifying-oral").date.year == 2029


def test_2020_to_2023_ir_graduates_sat_the_oral_the_same_year():
    oral = plan("integrated-ir", stage="pgy6", start=dt.date(2022, 7, 1)).event("certifying-oral")
    assert oral.date.year == 2023


def test_board_eligibility_ends_six_years_after_training():
    assert event_date("independent-ir", "board-eligibility-end") == dt.date(2043, 6, 30)


def test_independent_match_in_june_of_the_r3_year():
    match = plan("independent-ir").event("independent-match-day")
    # PGY-4 (R3) runs July 2033 to June 2034.
    assert match.date.year == 2034 and match.date.month == 6
    assert match.approximate and "Projected" in match.note


def test_announced_independent_match_day_is_used():
    # PGY-4 from July 2024: matches June 18, 2025, starts independent IR July 2026.
    match = plan("independent-ir", stage="pgy4", start=dt.date(2024, 7, 1)).event(
        "independent-match-day"
    )
    assert match.date == dt.date(2025, 6, 18) and not match.approximate


def test_main_match_day_announced_and_projected():
    announced = plan("integrated-ir", stage="ms4", start=dt.date(2025, 8, 1)).event(
        "main-match-day"
    )
    assert announced.date == dt.date(2026, 3, 20) and not announced.approximate
    projected = plan("integrated-ir").event("main-match-day")
    assert projected.date == dt.date(2030, 3, 15)  # third Friday of March 2030
    assert projected.approximate


def test_past_events_are_left_out_for_a_resident():
    result = plan("integrated-ir", stage="pgy3", start=dt.date(2026, 7, 1))
    assert result.event("main-match-day") is None
    assert result.stages[0].key == "pgy3"


def test_premed_plan_includes_college_and_medical_school():
    result = plan("integrated-ir", stage="premed", start=dt.date(2026, 8, 25))
    assert [stage.key for stage in result.stages[:2]] == ["premed", "ms1"]
    assert result.training_start == dt.date(2034, 7, 1)
    assert result.event("mcat") is not None


def test_esir_plan_states_the_esir_requirements():
    notes = " ".join(plan("independent-ir-esir").notes)
    assert "500 image-guided procedures" in notes and "8 IR rotations" in notes


def test_compare_lists_current_pathways_shortest_first():
    plans = compare_pathways(stage="ms1", stage_start=MS1_2026, rules=RULES)
    assert [(p.pathway, p.postgraduate_years) for p in plans] == [
        ("dr-only", 5),
        ("independent-ir-esir", 6),
        ("integrated-ir", 6),
        ("independent-ir", 7),
    ]


def test_compare_for_a_pgy7_keeps_only_seven_year_pathways():
    plans = compare_pathways(stage="pgy7", stage_start=dt.date(2026, 7, 1), rules=RULES)
    assert [p.pathway for p in plans] == ["independent-ir"]


def test_legacy_fellowship_for_someone_who_trained_that_way():
    result = plan("legacy-vir", stage="pgy6", start=dt.date(2018, 7, 1))
    assert result.postgraduate_years == 6 and result.training_end == dt.date(2019, 6, 30)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"stage": "ms5"}, "stage", "unknown stage"),
        ({"pathway": "cardiology"}, "pathway", "unknown pathway"),
        ({"stage": "pgy7", "pathway": "integrated-ir"}, "stage", "6 postgraduate years"),
        ({"start": dt.date(1900, 1, 1)}, "date", "out of range"),
        ({"pathway": "legacy-vir"}, "pathway", "not open"),
        (
            {"stage": "pgy1", "start": dt.date(2013, 7, 1), "pathway": "independent-ir"},
            "pathway",
            "not open",
        ),
    ],
)
def test_refusals_name_the_field(kwargs, field, words):
    arguments = {"stage": "ms1", "start": MS1_2026, "pathway": "integrated-ir", **kwargs}
    with pytest.raises(PlanningError) as caught:
        plan(arguments["pathway"], stage=arguments["stage"], start=arguments["start"])
    assert caught.value.field == field
    assert words in caught.value.message


def test_checklist_puts_the_stage_items_first():
    items = readiness_checklist(stage="ms3", on=MS1_2026, rules=RULES)
    now = [item.key for item in items if item.now]
    assert "radiology-electives" in now and "letters" in now
    assert items[0].now and not items[-1].now


def test_date_helpers():
    assert add_years(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert nth_weekday(2026, 3, 4, 3) == dt.date(2026, 3, 20)


def test_independent_match_2020_uses_the_announced_dates_not_the_third_wednesday():
    # PGY-4 from July 2019: the 2020 match, whose Match Day was June 10 (the
    # second Wednesday; the third was June 17), rank lists closing May 27.
    result = plan("independent-ir", stage="pgy4", start=dt.date(2019, 7, 1))
    match = result.event("independent-match-day")
    assert match.date == dt.date(2020, 6, 10) and not match.approximate
    deadline = result.event("independent-rank-list-deadline")
    assert deadline.date == dt.date(2020, 5, 27) and not deadline.approximate
    interviews = result.event("independent-ir-interviews")
    assert (interviews.date, interviews.until) == (dt.date(2019, 12, 1), dt.date(2020, 3, 31))
    assert not interviews.approximate


def test_projected_fellowship_match_dates_are_marked_and_in_order():
    # From MS1 in 2026: PGY-4 runs July 2033 to June 2034; no 2034 dates are known.
    result = plan("independent-ir")
    keys = [
        "independent-ir-application",
        "independent-ir-interviews",
        "independent-rank-list-deadline",
        "independent-match-day",
    ]
    events = [result.event(key) for key in keys]
    assert [event.date for event in events] == [
        dt.date(2033, 12, 1),
        dt.date(2033, 12, 1),
        dt.date(2034, 6, 7),  # 14 days before Wednesday June 21
        dt.date(2034, 6, 21),
    ]
    assert events[1].until == dt.date(2034, 3, 31)
    for event in events[1:]:
        assert event.approximate and event.note.startswith("Projected: not yet announced")
    # The plan lists them in date order: apply, interview, rank, match.
    order = [event.key for event in result.events if event.key in keys]
    assert order == keys


def test_esir_residents_get_the_same_fellowship_match_dates():
    result = plan("independent-ir-esir", stage="pgy4", start=dt.date(2024, 7, 1))
    assert result.event("independent-rank-list-deadline").date == dt.date(2025, 6, 4)
    interviews = result.event("independent-ir-interviews")
    assert (interviews.date, interviews.until) == (dt.date(2025, 1, 13), dt.date(2025, 3, 31))
