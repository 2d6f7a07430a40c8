"""Scenario runners: turn a YAML scenario's ``date`` and ``input`` into data.

Each runner takes the scenario date and its ``input`` mapping and returns a
mapping that the scenario's ``expected`` is compared with (as a subset, see
:mod:`seldinger.rules.pytest_plugin`). Runners are pure: they read the
shipped parameters and call the planner, never Django.

- ``parameter``: ``{parameter: key}`` -> ``{value, in_force, since}``.
- ``plan``: ``{stage, pathway}``, the date being when the stage started ->
  the plan with stages and events keyed by their keys, or ``{error: {field,
  message}}`` when the planner refuses.
- ``compare``: ``{stage}`` -> ``{pathways: {key: postgraduate_years}, order}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from seldinger.pathways.planner import PlanningError, compare_pathways, plan_as_dict, plan_path
from seldinger.rules import default_parameters
from seldinger.rules.engine import ParameterSet

Runner = Callable[[dt.date, dict[str, Any]], dict[str, Any]]


class ScenarioInputError(ValueError):
    """A scenario's ``input`` does not suit its runner."""


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
    try:
        plan = plan_path(stage=stage, stage_start=on, pathway=pathway, rules=_rules())
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


def _text(given: dict[str, Any], key: str) -> str:
    value = given.get(key)
    if not isinstance(value, str) or not value:
        raise ScenarioInputError(f"input.{key}: required, a text")
    return value
