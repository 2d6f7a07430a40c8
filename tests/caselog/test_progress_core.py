"""The pure progress core: counting, pace window, projection and status, by hand."""

import datetime as dt

from seldinger.caselog.progress import (
    MET,
    NO_GRADUATION_DATE,
    ON_TRACK,
    SHORTFALL,
    CaseFact,
    RequirementDefinition,
    load_requirement_set,
    pace_window,
    progress_as_dict,
    progress_from_facts,
)
from seldinger.rules import default_parameters

D = dt.date
ANY_ROLE = frozenset({"primary", "assistant"})


def requirement(key, minimum, category=None, roles=ANY_ROLE):
    return RequirementDefinition(key=key, name=key, minimum=minimum, roles=roles, category=category)


def facts():
    # 365-day window 2024-07-01..2025-06-30: 50 embolization primary + 23 venous assistant
    # (73 counting), 5 observer cases, 1 case before the window, 2 after as_of.
    return [
        CaseFact(D(2024, 7, 1), "embolization", "primary", "advanced", 20),
        CaseFact(D(2025, 3, 15), "embolization", "primary", "advanced", 30),
        CaseFact(D(2024, 9, 1), "venous-access", "assistant", "basic", 23),
        CaseFact(D(2024, 10, 2), "venous-access", "observer", "basic", 5),
        CaseFact(D(2024, 6, 1), "venous-access", "primary", "basic", 1),
        CaseFact(D(2025, 7, 15), "embolization", "primary", "advanced", 2),
    ]


def test_done_met_projection_and_categories():
    progress = progress_from_facts(
        facts(),
        [
            requirement("all", 500),
            requirement("embo", 80, "embolization", frozenset({"primary"})),
            requirement("embo-high", 200, "embolization", frozenset({"primary"})),
            requirement("venous", 20, "venous-access"),
        ],
        as_of=D(2025, 6, 30),
        training_start=D(2024, 7, 1),
        graduation=D(2026, 6, 30),
    )

    assert progress.total_cases == 79
    assert progress.by_category == {"embolization": 50, "venous-access": 29}
    assert progress.pace_window_start == D(2024, 7, 1)
    assert progress.pace_window_days == 365
    result = {r.key: r for r in progress.requirements}
    # all: 74 done (73 in the window + 1 before training start); 73/365 a day x 365 days left.
    assert (result["all"].done, result["all"].projected_at_graduation) == (74, 147)
    assert (result["all"].status, result["all"].shortfall, result["all"].met) == (
        SHORTFALL,
        353,
        False,
    )
    assert (result["embo"].done, result["embo"].projected_at_graduation) == (50, 100)
    assert result["embo"].status == ON_TRACK
    assert (result["embo-high"].status, result["embo-high"].shortfall) == (SHORTFALL, 100)
    assert (result["venous"].done, result["venous"].met, result["venous"].status) == (
        24,
        True,
        MET,
    )
    assert progress.behind


def test_projection_rounds_down_and_uses_the_window_since_training_start():
    start, as_of = D(2025, 1, 1), D(2025, 1, 10)  # a 10-day window
    progress = progress_from_facts(
        [CaseFact(D(2025, 1, 5), "embolization", "primary", count=3)],
        [requirement("all", 10)],
        as_of=as_of,
        training_start=start,
        graduation=D(2025, 1, 17),  # 7 days left: 3 x 7 / 10 = 2.1 -> 2
    )
    assert progress.pace_window_days == 10
    assert progress.requirements[0].projected_at_graduation == 5


def test_no_graduation_date_gives_no_projection_unless_met():
    progress = progress_from_facts(
        [CaseFact(D(2025, 1, 5), "embolization", "primary", count=3)],
        [requirement("small", 2), requirement("large", 10)],
        as_of=D(2025, 2, 1),
    )
    small, large = progress.requirements
    assert (small.projected_at_graduation, small.status) == (None, MET)
    assert (large.projected_at_graduation, large.status) == (None, NO_GRADUATION_DATE)
    assert not progress.behind


def test_after_graduation_the_projection_is_what_was_done():
    progress = progress_from_facts(
        facts(),
        [requirement("all", 500)],
        as_of=D(2025, 6, 30),
        training_start=D(2024, 7, 1),
        graduation=D(2025, 6, 1),
    )
    assert progress.requirements[0].projected_at_graduation == progress.requirements[0].done


def test_pace_window_without_a_training_start_begins_at_the_first_case():
    assert pace_window(as_of=D(2025, 6, 30), training_start=None, first_case=D(2025, 6, 1)) == (
        D(2025, 6, 1),
        30,
    )
    assert pace_window(as_of=D(2025, 6, 30), training_start=None, first_case=None) == (
        D(2024, 7, 1),
        365,
    )
    assert pace_window(as_of=D(2025, 6, 30), training_start=D(2025, 7, 1), first_case=None)[1] == 0


def test_skill_mix_by_month_and_json_shape():
    progress = progress_from_facts(
        facts(),
        [requirement("all", 500)],
        as_of=D(2025, 6, 30),
        training_start=D(2024, 7, 1),
        graduation=D(2026, 6, 30),
    )
    mix = {month.month: month.counts for month in progress.skill_mix}
    assert progress.months[0] == "2024-06" and progress.months[-1] == "2025-06"
    assert mix["2024-07"]["advanced"] == 20
    assert mix["2024-10"]["basic"] == 5
    assert progress.skill_totals == {"basic": 29, "intermediate": 0, "advanced": 50, "unknown": 0}
    assert sum(progress.monthly_total) == progress.total_cases

    data = progress_as_dict(progress, trainee="ann")
    assert list(data) == ["trainee", "as_of", "total_cases", "requirements", "by_category"]
    assert list(data["requirements"][0]) == [
        "key",
        "name",
        "required",
        "done",
        "met",
        "projected_at_graduation",
    ]
    assert data["as_of"] == "2025-06-30"


def test_the_esir_requirement_set_reads_its_numbers_from_the_esir_parameters():
    found = load_requirement_set(default_parameters(), "esir", on=D(2024, 7, 1))
    assert found is not None
    (procedures,) = found.requirements
    assert procedures.key == "esir-procedures"
    assert procedures.minimum == default_parameters().value(
        "esir/minimum-procedures", D(2024, 7, 1)
    )
    assert procedures.minimum == 500
    assert procedures.roles == {"primary", "assistant"} and procedures.category is None
    (rotations,) = found.informational
    assert rotations.text == (
        "at least 8 IR rotations, 1 ICU rotation and up to 3 IR-related rotations"
    )
    assert rotations.tracked == "from the program's published schedules (the rotations table below)"
    assert "assumption" in (default_parameters()["requirements/esir"].notes or "")
    assert load_requirement_set(default_parameters(), "esir", on=D(2010, 1, 1)) is None
