"""The step builders behind :func:`seldinger.pathways.planner.plan_path`: medical
school, residency by phase, the exams and the optional training that follow,
each read from the dated rules into the stages and events of one :class:`Plan`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from seldinger.pathways.dates import add_months, add_workdays, add_years, day_before, last_of_month
from seldinger.pathways.exam_timing import class_of, exam_window, first_sitting, provenance
from seldinger.pathways.leave import NO_INTERRUPTIONS, Interruptions, leave_balance
from seldinger.pathways.match_calendar import fellowship_match_dates, match_day, season_date
from seldinger.pathways.plan import Event, OptionalTraining, Plan, PlanningError, Stage
from seldinger.rules.engine import ParameterSet


class PlanBuilder:
    """One pathway's plan for one person: training dates and leave are settled on creation,
    :meth:`build` adds the stages and events step by step."""

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
                    season_date(match_year, window["from"]),
                    until=season_date(match_year, window["to"]),
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
