"""The board certification tracker: where a person stands with the ABR.

Pure core: takes plain dataclasses (the certificate, OLA counts per year, CME
credits, PQI completions, or a trainee's pathway and stage) and the dated
rules, and returns a :class:`CertificationStatus` with one :class:`Part` per
requirement. No Django here; the selectors, the web, the API and the CLI all
call :func:`track`.

Rules read (all dated parameters): ``abr/certificate-types`` (by the initial
certification date), ``continuing-certification/{ola,cme,pqi}`` (by the date
asked), and for trainees the pathway planner
(:func:`seldinger.pathways.planner.plan_path`), which reads the Core exam, oral
exam and board eligibility rules.

Statuses, the same for every part:

- ``met``: done for now;
- ``upcoming``: not done yet, on track, and the deadline is more than
  :data:`DUE_SOON_DAYS` away;
- ``due-soon``: not done yet and the deadline is within :data:`DUE_SOON_DAYS`
  (or, for exams, the window is open now);
- ``behind``: below the pace the requirement needs, or past its deadline;
- ``not-required``: the part does not apply (lifetime certificate without
  opting in, trainees before certification, a rule not in force).

``due`` is the date the part becomes a problem: the end of the OLA year, the
end of the CME window, the day the last PQI activity stops counting, the day
an exam becomes eligible or its window closes.

Windows and assumptions:

- continuing certification starts on January 1 after the initial
  certification date;
- OLA counts per calendar year; unanswered required questions of past years
  count as scorable (wrong); the rolling window holds the latest 200
  scorable questions, newest years first (a year split by the window edge
  contributes its correct answers in proportion);
- the CME window is the 3 calendar years ending with the year asked (for
  2026: 2024-01-01 to 2026-12-31), both ends included; only AMA PRA
  Category 1 credits dated on or before the date asked count;
- PQI counts activities completed within the 3 years up to and including the
  date asked (on or after the same day 3 years earlier); its ``due`` is the
  last day the latest activity counts (behind from the day after).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from seldinger.certification.exams import EXAM_KEYS, Training, exam_parts, full_plan
from seldinger.certification.parts import (
    BEHIND,
    DUE_SOON,
    DUE_SOON_DAYS,
    MET,
    NOT_REQUIRED,
    STATUSES,
    UPCOMING,
    Part,
    deadline_status,
    part_as_dict,
)
from seldinger.pathways.dates import add_years
from seldinger.rules.engine import ParameterSet, RuleNotInForce

# Parts, statuses and the trainee's exams live in their own modules; callers ask here.
__all__ = [
    "BEHIND",
    "CATEGORY_1",
    "CONTINUING_KEYS",
    "DUE_SOON",
    "EXAM_KEYS",
    "LIFETIME",
    "MET",
    "NOT_REQUIRED",
    "STATUSES",
    "UPCOMING",
    "CertificationStatus",
    "CmeCredit",
    "OlaYear",
    "Part",
    "PqiCompletion",
    "TrackerInput",
    "Training",
    "cme_window",
    "part_as_dict",
    "tidy",
    "track",
]

LIFETIME = "lifetime"
TIME_LIMITED = "time-limited"
CONTINUOUS = "continuous"

CATEGORY_1 = "AMA PRA Category 1"

OLA_NAME = "Online Longitudinal Assessment (OLA)"
CME_NAME = "Continuing medical education (CME)"
PQI_NAME = "Practice quality improvement (PQI)"
CONTINUING_KEYS: tuple[str, ...] = ("ola", "cme", "pqi")


@dataclass(frozen=True)
class OlaYear:
    """OLA questions in one calendar year."""

    year: int
    answered: int
    declined: int = 0
    correct: int | None = None


@dataclass(frozen=True)
class CmeCredit:
    date: dt.date
    credits: Decimal
    credit_type: str = CATEGORY_1
    title: str = ""
    self_assessment: bool = False


@dataclass(frozen=True)
class PqiCompletion:
    completed_on: dt.date
    kind: str = "project"
    title: str = ""


@dataclass(frozen=True)
class TrackerInput:
    certificate: str = ""
    initial_certification: dt.date | None = None
    opted_in: bool = False
    training: Training | None = None
    ola: tuple[OlaYear, ...] = ()
    cme: tuple[CmeCredit, ...] = ()
    pqi: tuple[PqiCompletion, ...] = ()


@dataclass(frozen=True)
class CmeWindow:
    start: dt.date
    end: dt.date
    category_1: Decimal
    other: Decimal
    activities: int
    required: Decimal
    current: bool
    self_assessment: Decimal = Decimal(0)


@dataclass(frozen=True)
class OlaSummary:
    scorable: int
    window: int
    window_scorable: int
    window_correct: int | None
    evaluated: bool


@dataclass(frozen=True)
class CertificationStatus:
    as_of: dt.date
    certificate: str
    certificate_type: str | None
    initial_certification: dt.date | None
    continuing_required: bool
    parts: list[Part]
    cme_windows: list[CmeWindow] = field(default_factory=list)
    ola: OlaSummary | None = None
    training_end: dt.date | None = None
    board_eligibility_end: dt.date | None = None
    notes: list[str] = field(default_factory=list)

    def part(self, key: str) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)


def certificate_type(initial_certification: dt.date, rules: ParameterSet) -> str | None:
    """``lifetime``, ``time-limited`` or ``continuous`` by the date the certificate was issued."""
    try:
        value: str = rules.value("abr/certificate-types", initial_certification)
    except RuleNotInForce:
        return None
    return value


def cme_window(as_of: dt.date, window_years: int) -> tuple[dt.date, dt.date]:
    """The CME window holding ``as_of``: ``window_years`` calendar years ending with its year."""
    return dt.date(as_of.year - window_years + 1, 1, 1), dt.date(as_of.year, 12, 31)


def continuing_start(initial_certification: dt.date) -> dt.date:
    """Continuing certification starts on January 1 after initial certification."""
    return dt.date(initial_certification.year + 1, 1, 1)


def track(data: TrackerInput, *, as_of: dt.date, rules: ParameterSet) -> CertificationStatus:
    """Where ``data`` stands on ``as_of``."""
    notes: list[str] = []
    parts: list[Part] = []
    certificate = data.certificate
    training_end = eligibility_end = None
    if data.training is not None and data.initial_certification is None:
        plan = full_plan(data.training, rules, notes)
        if plan is not None:
            certificate = certificate or plan.certificate
            training_end = plan.training_end
            end_event = plan.event("board-eligibility-end")
            eligibility_end = end_event.date if end_event else None
        parts.extend(exam_parts(data.training, plan, as_of))

    kind = None
    required = False
    start = None
    if data.initial_certification is not None:
        kind = certificate_type(data.initial_certification, rules)
        required = kind in (TIME_LIMITED, CONTINUOUS) or data.opted_in
        start = continuing_start(data.initial_certification)
        if kind == LIFETIME and not data.opted_in:
            notes.append(
                "Lifetime certificate (issued before 2002): continuing certification (OLA, "
                "CME, PQI) is not required unless you opt in."
            )
        elif kind == LIFETIME:
            notes.append("Lifetime certificate: you opted in to continuing certification.")

    if data.initial_certification is None:
        reason = (
            "Starts after initial certification."
            if data.training is not None
            else "No certificate on record: enter your initial certification date."
        )
    elif not required:
        reason = "Not required for a lifetime certificate unless you opt in."
    elif start is not None and as_of < start:
        reason = f"Continuing certification starts on {start.isoformat()}."
    else:
        reason = ""

    ola_part, ola_summary = _ola(data, as_of, rules, start, reason)
    cme_part, windows = _cme(data, as_of, rules, reason)
    parts.extend([ola_part, cme_part, _pqi(data, as_of, rules, start, reason)])
    return CertificationStatus(
        as_of=as_of,
        certificate=certificate,
        certificate_type=kind,
        initial_certification=data.initial_certification,
        continuing_required=required and not reason,
        parts=parts,
        cme_windows=windows,
        ola=ola_summary,
        training_end=training_end,
        board_eligibility_end=eligibility_end,
        notes=notes,
    )


def _in_force(rules: ParameterSet, key: str, on: dt.date) -> dict[str, Any] | None:
    try:
        value: dict[str, Any] = rules.value(key, on)
    except RuleNotInForce:
        return None
    return value


# --- continuing certification -------------------------------------------------


def _ola(
    data: TrackerInput, as_of: dt.date, rules: ParameterSet, start: dt.date | None, reason: str
) -> tuple[Part, OlaSummary | None]:
    rule = _in_force(rules, "continuing-certification/ola", as_of)
    by_year = {record.year: record for record in data.ola}
    current = by_year.get(as_of.year, OlaYear(as_of.year, 0))
    if rule is None:
        note = "The OLA rule is not in force on this date."
        return Part("ola", OLA_NAME, NOT_REQUIRED, 0, current.answered, None, note), None
    required: int = rule["questions_required_per_year"]
    declines: int = rule["declines_allowed_per_year"]
    window: int = rule["scorable_window"]
    summary = _ola_summary(data.ola, as_of, required, window, start)
    if reason:
        return Part("ola", OLA_NAME, NOT_REQUIRED, required, current.answered, None, reason), (
            summary if data.ola else None
        )
    due = dt.date(as_of.year, 12, 31)
    year_days = (due - dt.date(as_of.year, 1, 1)).days + 1
    elapsed = (as_of - dt.date(as_of.year, 1, 1)).days + 1
    grace = rule["question_open_weeks"] * 7
    expected = required * max(0, elapsed - grace) // year_days
    over_declined = current.declined > declines
    note = (
        f"{current.answered} of {required} questions answered in {as_of.year}; "
        f"{current.declined} of {declines} declines used."
    )
    if over_declined:
        note += f" Only {declines} questions may be declined a year."
    if summary.evaluated:
        note += f" Rolling window: the latest {window} scorable questions"
        if summary.window_correct is not None:
            note += f", {summary.window_correct} correct"
        note += "."
    else:
        note += f" {summary.scorable} of {window} scorable questions before the first evaluation."
    last = by_year.get(as_of.year - 1)
    if (
        start is not None
        and as_of.year - 1 >= start.year
        and (last is None or last.answered < required)
    ):
        answered = last.answered if last else 0
        note += (
            f" {as_of.year - 1}: {answered} of {required} answered; unanswered required "
            "questions count as incorrect."
        )
    if current.answered >= required and not over_declined:
        return Part("ola", OLA_NAME, MET, required, current.answered, None, note), summary
    status = deadline_status(due, as_of, on_pace=current.answered >= expected and not over_declined)
    return Part("ola", OLA_NAME, status, required, current.answered, due, note), summary


def _ola_summary(
    records: tuple[OlaYear, ...],
    as_of: dt.date,
    required: int,
    window: int,
    start: dt.date | None,
) -> OlaSummary:
    total = 0
    room = window
    correct: float | None = 0.0
    for record in sorted(records, key=lambda item: item.year, reverse=True):
        if record.year > as_of.year:
            continue
        scorable = record.answered
        past_required_year = record.year < as_of.year and (
            start is None or record.year >= start.year
        )
        if past_required_year:
            scorable += max(0, required - record.answered)
        total += scorable
        if room <= 0 or scorable == 0:
            continue
        taken = min(room, scorable)
        room -= taken
        if correct is not None:
            correct = (
                None if record.correct is None else correct + record.correct * taken / scorable
            )
    return OlaSummary(
        scorable=total,
        window=window,
        window_scorable=min(total, window),
        window_correct=None if correct is None or total == 0 else round(correct),
        evaluated=total >= window,
    )


def _cme(
    data: TrackerInput, as_of: dt.date, rules: ParameterSet, reason: str
) -> tuple[Part, list[CmeWindow]]:
    rule = _in_force(rules, "continuing-certification/cme", as_of)
    if rule is None:
        note = "The CME rule is not in force on this date."
        return Part("cme", CME_NAME, NOT_REQUIRED, 0, Decimal(0), None, note), []
    required = Decimal(rule["credits"])
    years: int = rule["window_years"]
    credit_type: str = rule["credit_type"]
    windows = []
    for back in range(3):
        end_year = as_of.year - back * years
        start, end = cme_window(dt.date(end_year, 1, 1), years)
        counted = [item for item in data.cme if start <= item.date <= min(end, as_of)]
        windows.append(
            CmeWindow(
                start=start,
                end=end,
                category_1=tidy(
                    sum(
                        (item.credits for item in counted if item.credit_type == credit_type),
                        Decimal(0),
                    )
                ),
                other=tidy(
                    sum(
                        (item.credits for item in counted if item.credit_type != credit_type),
                        Decimal(0),
                    )
                ),
                activities=len(counted),
                required=required,
                current=back == 0,
                self_assessment=tidy(
                    sum(
                        (
                            item.credits
                            for item in counted
                            if item.self_assessment and item.credit_type == credit_type
                        ),
                        Decimal(0),
                    )
                ),
            )
        )
    current = windows[0]
    done = current.category_1
    window_text = f"{current.start.isoformat()} to {current.end.isoformat()}"
    if reason:
        return Part("cme", CME_NAME, NOT_REQUIRED, required, done, None, reason), windows
    note = (
        f"{done} of {required} {credit_type} credits in the window {window_text} "
        f"({years} calendar years ending with {as_of.year})."
    )
    self_assessment_required = _self_assessment_required(rule, data, as_of, rules)
    self_assessment_met = current.self_assessment >= self_assessment_required
    if self_assessment_required:
        note += (
            f" {current.self_assessment} of {self_assessment_required} of them self-assessment "
            "CME (SA-CME)."
        )
    if done >= required and self_assessment_met:
        return Part("cme", CME_NAME, MET, required, done, None, note), windows
    window_days = (current.end - current.start).days + 1
    elapsed = (as_of - current.start).days + 1
    expected = required * elapsed / window_days
    expected_self_assessment = self_assessment_required * elapsed / window_days
    on_pace = done >= expected and current.self_assessment >= expected_self_assessment
    status = deadline_status(current.end, as_of, on_pace=on_pace)
    return Part("cme", CME_NAME, status, required, done, current.end, note), windows


def _self_assessment_required(
    rule: dict[str, Any], data: TrackerInput, as_of: dt.date, rules: ParameterSet
) -> int:
    """SA-CME credits needed: none once the rule drops them, or when OLA annual progress
    waives them (the OLA questions required answered in the year asked or the year before)."""
    needed: int = rule.get("self_assessment_credits", 0)
    if not needed or not rule.get("self_assessment_waived_with_ola"):
        return needed
    ola = _in_force(rules, "continuing-certification/ola", as_of)
    if ola is None:
        return needed
    answered = {record.year: record.answered for record in data.ola}
    progress: int = ola["questions_required_per_year"]
    met = any(answered.get(year, 0) >= progress for year in (as_of.year, as_of.year - 1))
    return 0 if met else needed


def _pqi(
    data: TrackerInput, as_of: dt.date, rules: ParameterSet, start: dt.date | None, reason: str
) -> Part:
    rule = _in_force(rules, "continuing-certification/pqi", as_of)
    completed = sorted(item.completed_on for item in data.pqi if item.completed_on <= as_of)
    if rule is None:
        note = "The PQI rule is not in force on this date."
        return Part("pqi", PQI_NAME, NOT_REQUIRED, 0, 0, None, note)
    required: int = rule["activities"]
    years: int = rule["window_years"]
    window_start = add_years(as_of, -years)
    done = sum(1 for day in completed if day >= window_start)
    if reason:
        return Part("pqi", PQI_NAME, NOT_REQUIRED, required, done, None, reason)
    candidates = [add_years(start, years)] if start is not None else []
    if completed:
        candidates.append(add_years(completed[-1], years))
    due = max(candidates) if candidates else as_of
    if completed:
        note = (
            f"Latest activity completed on {completed[-1].isoformat()}; it counts until "
            f"{add_years(completed[-1], years).isoformat()} (one is needed within the "
            f"previous {years} years)."
        )
    else:
        note = f"No PQI project or participatory activity yet: one is needed every {years} years."
    if as_of > due:
        return Part("pqi", PQI_NAME, BEHIND, required, done, due, note)
    if done >= required and (due - as_of).days > DUE_SOON_DAYS:
        return Part("pqi", PQI_NAME, MET, required, done, due, note)
    return Part(
        "pqi", PQI_NAME, deadline_status(due, as_of, on_pace=True), required, done, due, note
    )


def tidy(value: Decimal) -> Decimal:
    """A credit total without trailing zeros (15.50 -> 15.5, 70.00 -> 70)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
