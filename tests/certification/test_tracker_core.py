"""The pure tracker: a few cases the YAML scenarios do not reach."""

import datetime as dt
from decimal import Decimal

from seldinger.certification import tracker
from seldinger.rules import default_parameters

RULES = default_parameters()


def track(data: tracker.TrackerInput, on: dt.date) -> tracker.CertificationStatus:
    return tracker.track(data, as_of=on, rules=RULES)


def test_no_certificate_and_no_training_says_what_to_enter():
    status = track(tracker.TrackerInput(), dt.date(2026, 6, 1))
    assert [part.key for part in status.parts] == ["ola", "cme", "pqi"]
    assert {part.status for part in status.parts} == {tracker.NOT_REQUIRED}
    assert "initial certification date" in status.part("ola").note  # type: ignore[union-attr]


def test_trainee_parts_come_first_and_use_the_planner():
    training = tracker.Training("integrated-ir", "pgy2", dt.date(2025, 7, 1))
    status = track(tracker.TrackerInput(training=training), dt.date(2026, 6, 1))
    # Class of 2029: the DR oral with the DR candidates, no computer-based part.
    assert [part.key for part in status.parts] == [
        "core-exam",
        "certifying-dr-oral",
        "certifying-oral",
        "ola",
        "cme",
        "pqi",
    ]
    assert status.certificate == "IR/DR"
    assert status.training_end == dt.date(2030, 6, 30)
    oral = status.part("certifying-oral")
    assert oral is not None and "computer-based part" not in oral.note
    assert "also takes the DR oral exam" in oral.note


def test_the_computer_based_part_is_offered_to_classes_before_2029():
    training = tracker.Training("integrated-ir", "pgy2", dt.date(2023, 7, 1))
    status = track(tracker.TrackerInput(training=training), dt.date(2026, 6, 1))
    assert [part.key for part in status.parts][:3] == [
        "core-exam",
        "certifying-computer",
        "certifying-oral",
    ]
    oral = status.part("certifying-oral")
    assert oral is not None and "computer-based part" in oral.note


def test_unplannable_training_is_a_note_not_a_crash():
    training = tracker.Training("integrated-ir", "pgy7", dt.date(2025, 7, 1))
    status = track(tracker.TrackerInput(training=training), dt.date(2026, 6, 1))
    assert any("cannot be planned" in note for note in status.notes)
    assert status.part("core-exam").due is None  # type: ignore[union-attr]


def test_lifetime_note_says_not_required():
    status = track(
        tracker.TrackerInput(initial_certification=dt.date(1998, 5, 1)), dt.date(2026, 1, 1)
    )
    assert status.certificate_type == tracker.LIFETIME
    assert any("not required" in note for note in status.notes)


def test_cme_windows_are_three_non_overlapping_windows():
    credits = (
        tracker.CmeCredit(dt.date(2022, 5, 1), Decimal("10")),
        tracker.CmeCredit(dt.date(2025, 5, 1), Decimal("20.5")),
        tracker.CmeCredit(dt.date(2025, 6, 1), Decimal("3"), "other"),
    )
    status = track(
        tracker.TrackerInput(initial_certification=dt.date(2015, 1, 1), cme=credits),
        dt.date(2026, 6, 1),
    )
    current, previous, oldest = status.cme_windows
    assert (current.start, current.end) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    assert current.category_1 == Decimal("20.5") and current.other == Decimal("3")
    assert (previous.start, previous.end) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert previous.category_1 == Decimal("10")
    assert oldest.start == dt.date(2018, 1, 1)


def test_part_as_dict_has_its_fields_and_numbers():
    part = tracker.Part(
        "cme", "CME", tracker.BEHIND, Decimal(75), Decimal("45.50"), dt.date(2026, 12, 31)
    )
    assert tracker.part_as_dict(part) == {
        "key": "cme",
        "name": "CME",
        "status": "behind",
        "required": 75,
        "done": 45.5,
        "due": "2026-12-31",
        "exam_date": None,
        "exam_until": None,
    }
