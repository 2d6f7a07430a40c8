"""The planner's scenario runners (pure: no Django), for ``tests/rules/scenarios/``.

- ``plan``: ``{stage, pathway}`` (optionally ``time_off: [{start, end}]`` and
  ``extension_workdays``), the date being when the stage started -> the plan
  with its class and stages and events keyed by their keys, or ``{error:
  {field, message}}`` when the planner refuses.
- ``compare``: ``{stage}`` -> ``{pathways: {key: postgraduate_years}, order}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from seldinger.pathways.leave import Interruptions, TimeOff
from seldinger.pathways.planner import PlanningError, compare_pathways, plan_as_dict, plan_path
from seldinger.rules import default_parameters
from seldinger.rules.scenarios import Runner, day, text


def run_plan(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """The plan for someone who entered ``input.stage`` on ``on``."""
    stage = text(given, "stage")
    pathway = text(given, "pathway")
    interruptions = Interruptions(
        time_off=tuple(
            TimeOff(
                day(item.get("start"), f"input.time_off[{index}].start"),
                day(item.get("end"), f"input.time_off[{index}].end"),
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
            rules=default_parameters(),
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
    stage = text(given, "stage")
    try:
        plans = compare_pathways(stage=stage, stage_start=on, rules=default_parameters())
    except PlanningError as error:
        return _refusal(error)
    return {
        "pathways": {plan.pathway: plan.postgraduate_years for plan in plans},
        "order": [plan.pathway for plan in plans],
    }


def _refusal(error: PlanningError) -> dict[str, Any]:
    return {"error": {"field": error.field, "message": error.message}}


RUNNERS: Mapping[str, Runner] = {"plan": run_plan, "compare": run_compare}
