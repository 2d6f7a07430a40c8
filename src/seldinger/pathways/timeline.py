"""Timeline chart data for plans: consecutive stages of one phase become one bar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from seldinger.pathways.planner import Plan

# Events worth a marker on the chart; the rest are listed in tables.
CHART_EVENTS = (
    "main-match-day",
    "independent-match-day",
    "core-exam",
    "training-end",
    "certifying-dr-oral",
    "certifying-oral",
)


def decimal_year(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 4)


def timeline(plans: list[Plan]) -> dict[str, Any]:
    """Rows (one per pathway), bars (one per phase) and event markers, in decimal years."""
    rows = [plan.pathway_name for plan in plans]
    bars: list[dict[str, Any]] = []
    markers: list[dict[str, Any]] = []
    for row, plan in enumerate(plans):
        for phase, name, start, end in _phases(plan):
            bars.append(
                {
                    "row": row,
                    "phase": phase,
                    "label": name,
                    "start": decimal_year(start),
                    "end": decimal_year(end + dt.timedelta(days=1)),
                    "dates": f"{start.isoformat()} to {end.isoformat()}",
                }
            )
        for event in plan.events:
            if event.key in CHART_EVENTS:
                markers.append(
                    {
                        "row": row,
                        "key": event.key,
                        "label": event.name,
                        "x": decimal_year(event.date),
                        "date": event.date.isoformat(),
                    }
                )
    return {"rows": rows, "bars": bars, "markers": markers}


def _phases(plan: Plan) -> list[tuple[str, str, dt.date, dt.date]]:
    phases: list[tuple[str, str, dt.date, dt.date]] = []
    for stage in plan.stages:
        name = stage.name.split(": ", 1)[-1]
        if phases and phases[-1][0] == stage.phase:
            phase, label, start, _ = phases[-1]
            phases[-1] = (phase, label, start, stage.end)
        else:
            phases.append((stage.phase, name, stage.start, stage.end))
    return phases
