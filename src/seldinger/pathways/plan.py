"""A pathway plan's shape: its stages, key events and optional training, and the
planner's refusal. Pure: the planner fills these, and the web, the API, the CLI
and the scenario tests read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from seldinger.errors import Invalid


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
