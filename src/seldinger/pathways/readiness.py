"""The student readiness checklist. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seldinger.pathways.planner import STAGE_KEYS, PlanningError
from seldinger.rules.engine import ParameterSet


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    now: bool


def readiness_checklist(*, stage: str, on: dt.date, rules: ParameterSet) -> list[ChecklistItem]:
    """The student readiness checklist, items for ``stage`` first (``now``)."""
    if stage not in STAGE_KEYS:
        raise PlanningError(
            "stage", f"unknown stage {stage!r}; choose one of {', '.join(STAGE_KEYS)}"
        )
    items = [
        ChecklistItem(item["key"], item["label"], stage in item["stages"])
        for item in rules.value("readiness/student-checklist", on)
    ]
    return sorted(items, key=lambda item: not item.now)
