"""A trainee's ABR exams as certification parts: the Core and the certifying exams their
class takes, dated by the pathway planner. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from seldinger.certification.parts import (
    BEHIND,
    DUE_SOON,
    MET,
    NOT_REQUIRED,
    UPCOMING,
    Part,
    deadline_status,
)
from seldinger.pathways.leave import Interruptions
from seldinger.pathways.planner import Event, Plan, PlanningError, whole_training_plan
from seldinger.rules.engine import ParameterSet

CORE_NAME = "ABR Qualifying (Core) exam"
ORAL_NAME = "ABR Certifying exam, oral"
CERTIFYING_KEYS: tuple[str, ...] = ("certifying-dr-oral", "certifying-computer", "certifying-oral")
EXAM_KEYS: tuple[str, ...] = ("core-exam", *CERTIFYING_KEYS)


@dataclass(frozen=True)
class Training:
    """A trainee: the pathway and the stage they entered on ``stage_start`` (as the planner)."""

    pathway: str
    stage: str
    stage_start: dt.date
    core_exam_passed_on: dt.date | None = None
    interruptions: Interruptions = field(default_factory=Interruptions)


def full_plan(training: Training, rules: ParameterSet, notes: list[str]) -> Plan | None:
    """The plan from PGY-1, so that exams before the current stage are in it too."""
    try:
        full = whole_training_plan(
            stage=training.stage,
            stage_start=training.stage_start,
            pathway=training.pathway,
            rules=rules,
            interruptions=training.interruptions,
        )
    except PlanningError as error:
        notes.append(f"Training dates cannot be planned: {error.message}")
        return None
    notes.extend(note for note in full.notes if "exam" in note)
    return full


def exam_parts(training: Training, plan: Plan | None, as_of: dt.date) -> list[Part]:
    if plan is None:
        note = "Enter a pathway and the date training started that can be planned."
        return [
            Part("core-exam", CORE_NAME, UPCOMING, 1, 0, None, note),
            Part("certifying-oral", ORAL_NAME, UPCOMING, 1, 0, None, note),
        ]
    end_event = plan.event("board-eligibility-end")
    eligibility_end = end_event.date if end_event else None
    parts = [_core_exam(training, plan, as_of, eligibility_end)]
    parts.extend(
        _certifying_exam(key, plan, as_of, eligibility_end)
        for key in CERTIFYING_KEYS
        if key == "certifying-oral" or plan.event(key) is not None
    )
    return [_with_sitting(part, plan.event(part.key)) for part in parts]


def _with_sitting(part: Part, event: Event | None) -> Part:
    if event is None:
        return part
    return replace(part, exam_date=event.date, exam_until=event.until or event.date)


def _core_exam(
    training: Training, plan: Plan, as_of: dt.date, eligibility_end: dt.date | None
) -> Part:
    event = plan.event("core-exam")
    if event is None:
        return Part("core-exam", CORE_NAME, NOT_REQUIRED, 0, 0, None, "Not part of this pathway.")
    passed = training.core_exam_passed_on
    if passed is not None and passed <= as_of:
        note = f"Passed on {passed.isoformat()}."
        return Part("core-exam", event.name, MET, 1, 1, None, note)
    sitting = event.until or event.date
    note = f"First sitting {event.date:%B %Y}. {event.note}".strip()
    if as_of < event.date:
        status = deadline_status(event.date, as_of, on_pace=True)
        return Part("core-exam", event.name, status, 1, 0, event.date, note)
    if as_of <= sitting:
        return Part("core-exam", event.name, DUE_SOON, 1, 0, sitting, note)
    if as_of <= plan.training_end:
        note += f" Pass it before training ends ({plan.training_end.isoformat()})."
        return Part("core-exam", event.name, DUE_SOON, 1, 0, plan.training_end, note)
    due = eligibility_end or plan.training_end
    note += " Training has ended without a passed Core exam on record."
    return Part("core-exam", event.name, BEHIND, 1, 0, due, note)


def _certifying_exam(key: str, plan: Plan, as_of: dt.date, eligibility_end: dt.date | None) -> Part:
    event = plan.event(key)
    if event is None:
        note = next(
            (item for item in plan.notes if "not encoded" in item or "not published" in item),
            "The certifying exam timing for this pathway and class is not encoded.",
        )
        return Part(key, ORAL_NAME, UPCOMING, 1, 0, None, note)
    window_end = event.until or event.date
    note = f"{_window_text(event.date, window_end)} (class of {plan.class_year}). {event.note}"
    if key == "certifying-oral" and plan.certificate == "IR/DR":
        note += " " + _ir_dr_parts_note(plan)
    if eligibility_end is not None:
        note += f" Board eligibility ends on {eligibility_end.isoformat()}."
    if as_of < event.date:
        status = deadline_status(event.date, as_of, on_pace=True)
        return Part(key, event.name, status, 1, 0, event.date, note)
    if as_of <= window_end:
        return Part(key, event.name, DUE_SOON, 1, 0, window_end, note)
    due = eligibility_end or window_end
    return Part(key, event.name, BEHIND, 1, 0, due, note)


def _ir_dr_parts_note(plan: Plan) -> str:
    """What else an IR candidate takes, which depends on the class."""
    if plan.event("certifying-dr-oral") is not None:
        return (
            f"The class of {plan.class_year} also takes the DR oral exam with the DR candidates "
            "at the end of R4; candidates already DR-certified take only the IR oral."
        )
    if plan.event("certifying-computer") is not None:
        return (
            "The computer-based part (Essentials of DR and an IR module) may be taken at its "
            "first offering after training; candidates already DR-certified take only the oral."
        )
    return "Candidates already DR-certified take only the oral."


def _window_text(first: dt.date, last: dt.date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"In {first:%B %Y}"
    if first.year == last.year:
        if (first.month, last.month) == (1, 12):
            return f"In {first.year}"
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"
