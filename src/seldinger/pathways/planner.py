"""The pathway planner: a person's dated path through IR training.

Pure core: takes the person's current stage, the date it started and a
pathway key, reads the dated rules, and returns a :class:`Plan` of stages
and key events. No Django here; the web, the API and the CLI all call
:func:`plan_path` and :func:`compare_pathways`.

Planning assumptions (stated on every plan): no gap years; medical school
graduation in late spring with residency starting on July 1; DR training
counted from the first DR year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from seldinger.errors import Invalid
from seldinger.pathways.dates import (
    add_months,
    add_workdays,
    add_years,
    day_before,
    last_of_month,
    nth_weekday,
)
from seldinger.pathways.exam_timing import class_of, exam_window, first_sitting, provenance
from seldinger.pathways.leave import NO_INTERRUPTIONS, Interruptions, leave_balance
from seldinger.rules.engine import ParameterSet, RuleNotInForce

STAGE_KEYS: tuple[str, ...] = (
    "premed",
    "ms1",
    "ms2",
    "ms3",
    "ms4",
    *(f"pgy{year}" for year in range(1, 8)),
)
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# Medical school ends in late spring: its fourth year may be up to a season short
# of four full years before residency starts on July 1.
GRADUATION_SLACK_MONTHS = 3
RESIDENCY_START_MONTH = 7
WEEKDAYS = tuple(day.lower() for day in calendar.day_name)


class PlanningError(Invalid):
    """The input cannot be planned; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)
        self.field: str = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    start: dt.date
    end: dt.date
    pgy: int | None
    phase: str


@dataclass(frozen=True)
class Event:
    key: str
    name: str
    date: dt.date
    until: dt.date | None = None
    approximate: bool = False
    note: str = ""


@dataclass(frozen=True)
class OptionalTraining:
    key: str
    name: str
    start: dt.date
    years: str


@dataclass(frozen=True)
class Plan:
    pathway: str
    pathway_name: str
    certificate: str
    current_stage: str
    stage_start: dt.date
    postgraduate_years: int
    training_start: dt.date
    training_end: dt.date
    stages: list[Stage]
    events: list[Event]
    optional_training: list[OptionalTraining] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    class_year: int | None = None
    planned_training_end: dt.date | None = None
    extension_workdays: int = 0
    time_off_workdays: int = 0
    leave_allowance_workdays: int | None = None

    def event(self, key: str) -> Event | None:
        return next((event for event in self.events if event.key == key), None)


def pathway_keys(rules: ParameterSet, *, on: dt.date, current_only: bool = True) -> list[str]:
    """Pathways open to people starting residency on ``on`` (all known ones if not current_only)."""
    keys = []
    for key, parameter in rules.under("pathways").items():
        if key == "subspecialty-fellowships":
            continue
        open_on_date = parameter.in_force(on) and parameter.value_at(on).get("current", True)
        if open_on_date or not current_only:
            keys.append(key)
    return keys


def plan_path(
    *,
    stage: str,
    stage_start: dt.date,
    pathway: str,
    rules: ParameterSet,
    interruptions: Interruptions = NO_INTERRUPTIONS,
    from_training_start: bool = False,
) -> Plan:
    """The dated plan for someone who entered ``stage`` on ``stage_start``: what lies ahead
    of that day, or with ``from_training_start`` everything from PGY-1 on.

    ``interruptions`` (a trainee's leave and extension) move the end of training,
    and every exam date that depends on it, as the ABR leave policy says.
    """
    _check_stage(stage, stage_start)
    known = pathway_keys(rules, on=stage_start, current_only=False)
    if pathway not in known:
        raise PlanningError(
            "pathway", f"unknown pathway {pathway!r}; choose one of {', '.join(known)}"
        )
    training_start = _training_start(stage, stage_start, rules)
    parameter = rules[f"pathways/{pathway}"]
    try:
        structure: dict[str, Any] = parameter.value_at(training_start)
    except RuleNotInForce:
        raise PlanningError(
            "pathway",
            f"{parameter.name or pathway} is not open to residents starting on "
            f"{training_start.isoformat()}",
        ) from None
    builder = _PlanBuilder(
        rules=rules,
        pathway=pathway,
        name=parameter.name or pathway,
        structure=structure,
        stage=stage,
        stage_start=stage_start,
        training_start=training_start,
        interruptions=interruptions,
    )
    return builder.build(since=training_start if from_training_start else stage_start)


def whole_training_plan(
    *,
    stage: str,
    stage_start: dt.date,
    pathway: str,
    rules: ParameterSet,
    interruptions: Interruptions = NO_INTERRUPTIONS,
) -> Plan:
    """The plan for someone who entered ``stage`` on ``stage_start``, from PGY-1 on, so that the
    stages and exams before the current stage are in it too (a trainee's record, the
    certification tracker)."""
    return plan_path(
        stage=stage,
        stage_start=stage_start,
        pathway=pathway,
        rules=rules,
        interruptions=interruptions,
        from_training_start=True,
    )


def compare_pathways(*, stage: str, stage_start: dt.date, rules: ParameterSet) -> list[Plan]:
    """One plan per pathway open to this person, shortest training first."""
    _check_stage(stage, stage_start)
    training_start = _training_start(stage, stage_start, rules)
    plans = []
    for key in pathway_keys(rules, on=training_start):
        try:
            plans.append(plan_path(stage=stage, stage_start=stage_start, pathway=key, rules=rules))
        except PlanningError as error:
            # A resident already past a pathway's length cannot be on it: leave it out.
            if error.field != "stage":
                raise
    if not plans:
        raise PlanningError("stage", f"no current pathway has a stage {stage!r}")
    return sorted(plans, key=lambda plan: (plan.postgraduate_years, plan.pathway))


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (ISO dates)."""
    data: dict[str, Any] = _isoformat(asdict(plan))
    return data


def _isoformat(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _isoformat(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_isoformat(item) for item in value]
    return value


def _check_stage(stage: str, stage_start: dt.date) -> None:
    if stage not in STAGE_KEYS:
        raise PlanningError(
            "stage", f"unknown stage {stage!r}; choose one of {', '.join(STAGE_KEYS)}"
        )
    if not EARLIEST_DATE <= stage_start <= LATEST_DATE:
        raise PlanningError(
            "date",
            f"{stage_start.isoformat()} is out of range "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
        )


def _training_start(stage: str, stage_start: dt.date, rules: ParameterSet) -> dt.date:
    """The first day of PGY-1."""
    if stage.startswith("pgy"):
        return add_years(stage_start, -(int(stage[3:]) - 1))
    if stage == "premed":
        college_years = rules.value("pre-residency/bachelors-degree", stage_start)["years"]
        medical_school_start = add_years(stage_start, college_years)
    else:
        medical_school_start = add_years(stage_start, -(int(stage[2:]) - 1))
    school_years = rules.value("pre-residency/medical-school", medical_school_start)["years"]
    earliest = add_months(medical_school_start, 12 * school_years - GRADUATION_SLACK_MONTHS)
    start = dt.date(earliest.year, RESIDENCY_START_MONTH, 1)
    return start if start >= earliest else dt.date(earliest.year + 1, RESIDENCY_START_MONTH, 1)


class _PlanBuilder:
    def __init__(
        self,
        *,
        rules: ParameterSet,
        pathway: str,
        name: str,
        structure: dict[str, Any],
        stage: str,
        stage_start: dt.date,
        training_start: dt.date,
        interruptions: Interruptions = NO_INTERRUPTIONS,
    ) -> None:
        self.rules = rules
        self.pathway = pathway
        self.name = name
        self.structure = structure
        self.stage = stage
        self.stage_start = stage_start
        self.training_start = training_start
        self.postgraduate_years = sum(phase["years"] for phase in structure["phases"])
        self.planned_training_end = day_before(add_years(training_start, self.postgraduate_years))
        balance = leave_balance(
            interruptions,
            training_start=training_start,
            training_end=self.planned_training_end,
            residency_years=sum(
                phase["years"] for phase in structure["phases"] if phase["key"] != "clinical"
            ),
            rules=rules,
        )
        self.extension_workdays = balance.extension
        self.time_off_workdays = balance.taken
        self.leave_allowance_workdays = balance.allowance
        self.training_end = add_workdays(self.planned_training_end, self.extension_workdays)
        self.class_end = self._r4_end()
        self.class_year = class_of(self.class_end)
        # The Core comes before any extension: it follows the class the resident started in.
        self.planned_class_year = class_of(self._r4_end(extended=False))
        self.stages: list[Stage] = []
        self.events: list[Event] = []
        self.notes: list[str] = []
        self.optional: list[OptionalTraining] = []

    def build(self, *, since: dt.date) -> Plan:
        """The plan's stages and events that end on or after ``since``."""
        if self.stage.startswith("pgy") and int(self.stage[3:]) > self.postgraduate_years:
            raise PlanningError(
                "stage",
                f"{self.name} has {self.postgraduate_years} postgraduate years; "
                f"{self.stage.upper()} is not part of it",
            )
        self._pre_residency()
        self._residency()
        self._exams()
        self._optional_training()
        current = [stage for stage in self.stages if stage.end >= since]
        upcoming = [event for event in self.events if (event.until or event.date) >= since]
        return Plan(
            pathway=self.pathway,
            pathway_name=self.name,
            certificate=self.structure["certificate"],
            current_stage=self.stage,
            stage_start=self.stage_start,
            postgraduate_years=self.postgraduate_years,
            training_start=self.training_start,
            training_end=self.training_end,
            stages=current,
            events=sorted(upcoming, key=lambda event: (event.date, event.key)),
            optional_training=self.optional,
            notes=self.notes,
            class_year=self.class_year,
            planned_training_end=self.planned_training_end,
            extension_workdays=self.extension_workdays,
            time_off_workdays=self.time_off_workdays,
            leave_allowance_workdays=self.leave_allowance_workdays,
        )

    def _pre_residency(self) -> None:
        if self.stage.startswith("pgy"):
            return
        school = self.rules.value("pre-residency/medical-school", self.training_start)
        school_start = add_years(self.training_start, -school["years"])
        if self.stage == "premed":
            college = self.rules.value("pre-residency/bachelors-degree", self.stage_start)
            school_start = add_years(self.stage_start, college["years"])
            self.stages.append(
                Stage(
                    "premed",
                    college["name"],
                    self.stage_start,
                    day_before(school_start),
                    None,
                    "premed",
                )
            )
            mcat = college["mcat"]
            self.events.append(
                Event(
                    "mcat",
                    mcat["name"],
                    add_years(self.stage_start, mcat["from_year"] - 1),
                    until=day_before(add_years(self.stage_start, mcat["to_year"])),
                    approximate=True,
                    note=mcat["note"],
                )
            )
        elif self.stage.startswith("ms"):
            school_start = add_years(self.stage_start, -(int(self.stage[2:]) - 1))
        for year in range(1, school["years"] + 1):
            start = add_years(school_start, year - 1)
            end = (
                day_before(self.training_start)
                if year == school["years"]
                else day_before(add_years(school_start, year))
            )
            self.stages.append(
                Stage(
                    f"ms{year}",
                    f"Medical school year {year} ({school['degrees']})",
                    start,
                    end,
                    None,
                    "medical-school",
                )
            )
        for exam in school["exams"]:
            self.events.append(
                Event(
                    exam["key"],
                    exam["name"],
                    day_before(add_years(school_start, exam["by_end_of_year"])),
                    approximate=True,
                    note=exam["note"],
                )
            )
        self._main_match()

    def _main_match(self) -> None:
        match_year = self.training_start.year
        calendar_rules = self._calendar("match/main-residency-match", match_year)
        if calendar_rules is None:
            return
        for window in calendar_rules["season"]:
            self.events.append(
                Event(
                    window["key"],
                    window["name"],
                    _season_date(match_year, window["from"]),
                    until=_season_date(match_year, window["to"]),
                    approximate=True,
                )
            )
        self.events.append(match_day("main-match-day", match_year, calendar_rules))

    def _residency(self) -> None:
        pgy = 1
        for phase in self.structure["phases"]:
            labels = phase.get("year_labels", [])
            for year in range(phase["years"]):
                start = add_years(self.training_start, pgy - 1)
                label = f" ({labels[year]})" if year < len(labels) else ""
                last = pgy == self.postgraduate_years
                self.stages.append(
                    Stage(
                        f"pgy{pgy}",
                        f"PGY-{pgy}{label}: {phase['name']}",
                        start,
                        self.training_end if last else day_before(add_years(start, 1)),
                        pgy,
                        phase["key"],
                    )
                )
                pgy += 1
        self.events.append(
            Event("training-start", f"Residency starts (PGY-1): {self.name}", self.training_start)
        )
        extended = self.training_end != self.planned_training_end
        self.events.append(
            Event(
                "training-end",
                "Training ends",
                self.training_end,
                note=(
                    f"Extended by {self.extension_workdays} workdays from "
                    f"{self.planned_training_end.isoformat()} (leave beyond the ABR allowance, "
                    "or the program's extension)."
                    if extended
                    else ""
                ),
            )
        )
        independent = self.structure.get("independent_match")
        if independent:
            self._independent_match(independent)
        self.notes.extend(self.structure.get("notes", []))
        if self.structure.get("esir"):
            self._esir_requirements()

    def _independent_match(self, independent: dict[str, Any]) -> None:
        pgy = independent["during_pgy"]
        year_start = add_years(self.training_start, pgy - 1)
        match_year = year_start.year + 1
        calendar_rules = self._calendar("match/radiology-fellowship-match", match_year)
        if calendar_rules is None:
            return
        self.events.append(
            Event(
                "independent-ir-application",
                calendar_rules["application"]["name"],
                dt.date(year_start.year, calendar_rules["application"]["month"], 1),
                until=last_of_month(year_start.year, calendar_rules["application"]["month"]),
                approximate=True,
            )
        )
        match = match_day("independent-match-day", match_year, calendar_rules)
        self.events.extend(fellowship_match_dates(match, match_year, calendar_rules))
        self.events.append(match)

    def _calendar(self, key: str, match_year: int) -> dict[str, Any] | None:
        parameter = self.rules[key]
        on = dt.date(match_year, 1, 1)
        if not parameter.in_force(on):
            self.notes.append(
                f"The {parameter.name or key} calendar for {match_year} is not encoded."
            )
            return None
        calendar_rules: dict[str, Any] = parameter.value_at(on)
        return calendar_rules

    def _esir_requirements(self) -> None:
        on = self.training_start
        procedures = self.rules.value("esir/minimum-procedures", on)
        rotations = self.rules.value("esir/rotations", on)
        self.notes.append(
            f"ESIR: at least {procedures} image-guided procedures in a procedure log; at least "
            f"{rotations['ir']} IR rotations, {rotations['icu']} ICU rotation and up to "
            f"{rotations['ir_related_max']} IR-related rotations during R1-R4. The DR program "
            "director documents completion; the independent program director decides "
            "advanced placement into the second year."
        )

    def _exams(self) -> None:
        exams = self.structure.get("exams", {})
        if "core" in exams:
            self._core_exam(exams["core"])
        for spec in exams.get("certifying", []):
            self._certifying_exam(spec)
        if exams.get("board_eligibility", False):
            years = self.rules.value("abr/board-eligibility-years", self.training_end)
            self.events.append(
                Event(
                    "board-eligibility-end",
                    f"Board eligibility ends ({years} years after training)",
                    add_years(self.training_end, years),
                )
            )

    def _core_exam(self, key: str) -> None:
        rule = self._class_rule(key, self.planned_class_year)
        if rule is None:
            return
        dr_start = self._first_dr_day()
        eligible = add_months(dr_start, rule["eligible_in_dr_month"] - 1)
        first, last = first_sitting(eligible, rule["sittings"])
        self.events.append(
            Event(
                "core-exam",
                f"ABR Qualifying (Core) exam, first sitting ({rule['usual']})",
                first,
                until=last,
                approximate=True,
                note=f"Eligible from {eligible.isoformat()} (month "
                f"{rule['eligible_in_dr_month']} of DR training); class of "
                f"{self.planned_class_year}. {provenance(rule)}",
            )
        )

    def _certifying_exam(self, spec: dict[str, Any]) -> None:
        if spec["keyed_by"] == "class":
            exam = self._class_rule(spec["rule"], self.class_year)
        else:
            exam = self._rule_on(
                spec["rule"], self.training_end, f"training ending {self.training_end.isoformat()}"
            )
        if exam is None:
            return
        first, last = exam_window(exam, class_year=self.class_year, training_end=self.training_end)
        self.events.append(
            Event(
                spec["event"],
                exam["name"],
                first,
                until=last,
                approximate=True,
                note=provenance(exam),
            )
        )

    def _class_rule(self, key: str, class_year: int) -> dict[str, Any] | None:
        return self._rule_on(key, dt.date(class_year, 6, 1), f"the class of {class_year}")

    def _rule_on(self, key: str, on: dt.date, whom: str) -> dict[str, Any] | None:
        """The rule in force on ``on``; a rule that has ended (not one yet to begin) gets a note."""
        parameter = self.rules[key]
        if parameter.in_force(on):
            value: dict[str, Any] = parameter.value_at(on)
            return value
        if any(since <= on for since, _ in parameter.values):
            self.notes.append(f"{parameter.name or key}: not published for {whom}; not encoded.")
        return None

    def _r4_end(self, *, extended: bool = True) -> dt.date:
        """The last day of R4, the fourth year of DR training; an extension moves it when R4
        is the last year of training."""
        try:
            planned = day_before(add_years(self._first_dr_day(), 4))
        except PlanningError:
            planned = self.planned_training_end
        if extended and planned >= self.planned_training_end:
            return self.training_end
        return planned

    def _first_dr_day(self) -> dt.date:
        pgy = 1
        for phase in self.structure["phases"]:
            if phase.get("dr_training"):
                return add_years(self.training_start, pgy - 1)
            pgy += phase["years"]
        raise PlanningError("pathway", f"{self.name} has no DR training year")

    def _optional_training(self) -> None:
        start = self.training_end + dt.timedelta(days=1)
        fellowships = self.rules.value("pathways/subspecialty-fellowships", start)
        self.optional = [
            OptionalTraining(item["key"], item["name"], start, item["years"])
            for item in fellowships
        ]


def match_day(key: str, year: int, calendar_rules: dict[str, Any]) -> Event:
    announced = {
        int(announced_year): day for announced_year, day in calendar_rules["announced"].items()
    }
    if year in announced:
        return Event(key, calendar_rules["name"], announced[year])
    usual = calendar_rules["usual"]
    return Event(
        key,
        calendar_rules["name"],
        nth_weekday(year, usual["month"], WEEKDAYS.index(usual["weekday"]), usual["week"]),
        approximate=True,
        note=f"Projected: not yet announced; usually the {_ordinal(usual['week'])} "
        f"{usual['weekday'].capitalize()} of {calendar.month_name[usual['month']]}.",
    )


def fellowship_match_dates(match: Event, year: int, calendar_rules: dict[str, Any]) -> list[Event]:
    """The radiology fellowship match's interview window and rank order list deadline for
    ``year``: the announced dates, else projected from ``usual`` (interviews by
    ``[year offset, month, day]``, the deadline some days before ``match``) and marked
    approximate."""
    interviews = calendar_rules["interviews"]
    announced = {int(key): window for key, window in interviews["announced"].items()}
    if year in announced:
        first, last = announced[year]
        window = Event("independent-ir-interviews", interviews["name"], first, until=last)
    else:
        first = _season_date(year, interviews["usual"]["from"])
        last = _season_date(year, interviews["usual"]["to"])
        window = Event(
            "independent-ir-interviews",
            interviews["name"],
            first,
            until=last,
            approximate=True,
            note=f"Projected: not yet announced; usually {first:%B} {first.day} "
            f"to {last:%B} {last.day}.",
        )
    deadline = calendar_rules["rank_list_deadline"]
    deadlines = {int(key): day for key, day in deadline["announced"].items()}
    if year in deadlines:
        ranks = Event("independent-rank-list-deadline", deadline["name"], deadlines[year])
    else:
        days = deadline["usual"]["days_before_match_day"]
        ranks = Event(
            "independent-rank-list-deadline",
            deadline["name"],
            match.date - dt.timedelta(days=days),
            approximate=True,
            note=f"Projected: not yet announced; usually {days} days before Match Day.",
        )
    return [window, ranks]


def _season_date(match_year: int, spec: list[int]) -> dt.date:
    """``[year offset, month, day]`` relative to the match year; day -1 is the month's last."""
    offset, month, day = spec
    year = match_year + offset
    return last_of_month(year, month) if day == -1 else dt.date(year, month, day)


def _ordinal(number: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(number, f"{number}th")
