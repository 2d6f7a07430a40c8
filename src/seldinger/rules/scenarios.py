"""Scenario runners: turn a YAML scenario's ``date`` and ``input`` into data.

Each runner takes the scenario date and its ``input`` mapping and returns a
mapping that the scenario's ``expected`` is compared with (as a subset, see
:mod:`seldinger.rules.pytest_plugin`). Runners are pure: they read the
shipped parameters and call the pure cores, never Django.

- ``parameter``: ``{parameter: key}`` -> ``{value, in_force, since}``.
- ``plan``: ``{stage, pathway}`` (optionally ``time_off: [{start, end}]`` and
  ``extension_workdays``), the date being when the stage started -> the plan
  with its class and stages and events keyed by their keys, or ``{error:
  {field, message}}`` when the planner refuses.
- ``compare``: ``{stage}`` -> ``{pathways: {key: postgraduate_years}, order}``.
- ``certification``: the certification tracker on the date asked.
- ``workhours``: the work-hour checker as of the date asked
  (``seldinger.workhours.scenarios``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from seldinger.pathways.leave import Interruptions, TimeOff
from seldinger.pathways.planner import PlanningError, compare_pathways, plan_as_dict, plan_path
from seldinger.rules import default_parameters
from seldinger.rules.engine import ParameterSet, ScenarioInputError
from seldinger.workhours.scenarios import run_workhours

Runner = Callable[[dt.date, dict[str, Any]], dict[str, Any]]


def run_parameter(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """The value of one parameter on ``on``; ``value`` is None when not in force."""
    key = _text(given, "parameter")
    rules = default_parameters()
    if key not in rules:
        raise ScenarioInputError(f"input.parameter: no parameter {key!r}")
    parameter = rules[key]
    if not parameter.in_force(on):
        return {"value": None, "in_force": False, "since": None}
    return {
        "value": parameter.value_at(on),
        "in_force": True,
        "since": parameter.effective_since(on).isoformat(),
    }


def run_plan(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """The plan for someone who entered ``input.stage`` on ``on``."""
    stage = _text(given, "stage")
    pathway = _text(given, "pathway")
    interruptions = Interruptions(
        time_off=tuple(
            TimeOff(
                _day(item.get("start"), f"input.time_off[{index}].start"),
                _day(item.get("end"), f"input.time_off[{index}].end"),
            )
            for index, item in enumerate(given.get("time_off", []))
        ),
        extension_workdays=int(given.get("extension_workdays", 0)),
    )
    try:
        plan = plan_path(
            stage=stage,
            stage_start=on,
            pathway=pathway,
            rules=_rules(),
            interruptions=interruptions,
        )
    except PlanningError as error:
        return _refusal(error)
    data = plan_as_dict(plan)
    return {
        "pathway": data["pathway"],
        "pathway_name": data["pathway_name"],
        "certificate": data["certificate"],
        "postgraduate_years": data["postgraduate_years"],
        "training_start": data["training_start"],
        "training_end": data["training_end"],
        "class_year": data["class_year"],
        "extension_workdays": data["extension_workdays"],
        "stages": {
            stage["key"]: {"start": stage["start"], "end": stage["end"], "pgy": stage["pgy"]}
            for stage in data["stages"]
        },
        "events": {
            event["key"]: {
                "date": event["date"],
                "until": event["until"],
                "approximate": event["approximate"],
                "name": event["name"],
                "note": event["note"],
            }
            for event in data["events"]
        },
        "optional_training": {
            item["key"]: {"start": item["start"], "years": item["years"]}
            for item in data["optional_training"]
        },
        "notes": data["notes"],
    }


def run_compare(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """Every current pathway for someone who entered ``input.stage`` on ``on``."""
    stage = _text(given, "stage")
    try:
        plans = compare_pathways(stage=stage, stage_start=on, rules=_rules())
    except PlanningError as error:
        return _refusal(error)
    return {
        "pathways": {plan.pathway: plan.postgraduate_years for plan in plans},
        "order": [plan.pathway for plan in plans],
    }


RUNNERS: dict[str, Runner] = {
    "parameter": run_parameter,
    "plan": run_plan,
    "compare": run_compare,
}


def _rules() -> ParameterSet:
    return default_parameters()


def _refusal(error: PlanningError) -> dict[str, Any]:
    return {"error": {"field": error.field, "message": error.message}}


def _day(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioInputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(given: dict[str, Any], key: str) -> str:
    value = given.get(key)
    if not isinstance(value, str) or not value:
        raise ScenarioInputError(f"input.{key}: required, a text")
    return value


def run_certification(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """The certification tracker on ``on`` (the date asked).

    ``input``: ``certificate``, ``initial_certification`` (a date), ``opted_in``,
    ``ola`` (``[{year, answered, declined, correct}]``), ``cme`` (``[{date, credits,
    credit_type}]``, credit_type defaulting to AMA PRA Category 1), ``pqi`` (dates
    completed), ``training`` (``{pathway, stage, stage_start, core_exam_passed_on}``).
    Output: ``{certificate, certificate_type, continuing_required, training_end,
    board_eligibility_end, cme_window: {start, end}, ola: {...}, parts: {key: {name,
    status, required, done, due}}}``.
    """
    from decimal import Decimal

    from seldinger.certification import tracker

    def optional_day(value: Any, where: str) -> dt.date | None:
        return None if value is None else _day(value, where)

    training = None
    if given.get("training") is not None:
        raw = given["training"]
        training = tracker.Training(
            pathway=_text(raw, "pathway"),
            stage=str(raw.get("stage", "pgy1")),
            stage_start=_day(raw.get("stage_start"), "input.training.stage_start"),
            core_exam_passed_on=optional_day(
                raw.get("core_exam_passed_on"), "input.training.core_exam_passed_on"
            ),
        )
    data = tracker.TrackerInput(
        certificate=str(given.get("certificate", "")),
        initial_certification=optional_day(
            given.get("initial_certification"), "input.initial_certification"
        ),
        opted_in=bool(given.get("opted_in", False)),
        training=training,
        ola=tuple(
            tracker.OlaYear(
                year=int(item["year"]),
                answered=int(item.get("answered", 0)),
                declined=int(item.get("declined", 0)),
                correct=None if item.get("correct") is None else int(item["correct"]),
            )
            for item in given.get("ola", [])
        ),
        cme=tuple(
            tracker.CmeCredit(
                date=_day(item.get("date"), f"input.cme[{index}].date"),
                credits=Decimal(str(item.get("credits", 0))),
                credit_type=str(item.get("credit_type", tracker.CATEGORY_1)),
                self_assessment=bool(item.get("self_assessment", False)),
            )
            for index, item in enumerate(given.get("cme", []))
        ),
        pqi=tuple(
            tracker.PqiCompletion(completed_on=_day(item, f"input.pqi[{index}]"))
            for index, item in enumerate(given.get("pqi", []))
        ),
    )
    status = tracker.track(data, as_of=on, rules=_rules())
    current = next((window for window in status.cme_windows if window.current), None)
    return {
        "certificate": status.certificate,
        "certificate_type": status.certificate_type,
        "continuing_required": status.continuing_required,
        "training_end": status.training_end,
        "board_eligibility_end": status.board_eligibility_end,
        "cme_window": {
            "start": current.start,
            "end": current.end,
            "self_assessment": current.self_assessment,
        }
        if current
        else None,
        "ola": vars(status.ola) if status.ola else None,
        "parts": {
            part.key: {
                **{key: value for key, value in tracker.part_as_dict(part).items() if key != "key"},
                "note": part.note,
            }
            for part in status.parts
        },
        "notes": status.notes,
    }


RUNNERS["certification"] = run_certification


RUNNERS["workhours"] = run_workhours
