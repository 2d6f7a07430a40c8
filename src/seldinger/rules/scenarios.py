"""Scenario runners: turn a YAML scenario's ``date`` and ``input`` into data.

Each runner takes the scenario date and its ``input`` mapping and returns a
mapping that the scenario's ``expected`` is compared with (as a subset, see
:mod:`seldinger.rules.pytest_plugin`). Runners are pure: they read the
shipped parameters and call the pure cores, never Django.

The rules hold only their own runner, ``parameter``; each app that has rules
to test keeps its runners in its own ``scenarios`` module, as a ``RUNNERS``
mapping, and the pytest plugin is handed those modules (the
``scenario_runners`` setting in pyproject.toml), as OpenFisca's test runner is
handed the system it tests. The rules never import the apps built on them.

- ``parameter``: ``{parameter: key}`` -> ``{value, in_force, since}``.
- ``plan`` and ``compare``: the pathway planner (``seldinger.pathways.scenarios``).
- ``certification``: the certification tracker (``seldinger.certification.scenarios``).
- ``workhours``: the work-hour checker (``seldinger.workhours.scenarios``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from seldinger.rules import default_parameters
from seldinger.rules.engine import ScenarioInputError

Runner = Callable[[dt.date, dict[str, Any]], dict[str, Any]]
"""A scenario runner: the scenario's date and its ``input`` -> the output ``expected`` is
compared with. Bad input raises ``ScenarioInputError`` naming the field."""


def run_parameter(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """The value of one parameter on ``on``; ``value`` is None when not in force."""
    key = text(given, "parameter")
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


RUNNERS: Mapping[str, Runner] = {"parameter": run_parameter}


def day(value: Any, where: str) -> dt.date:
    """``value`` as a date (a date or an ISO text), or ScenarioInputError naming ``where``."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioInputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def text(given: dict[str, Any], key: str) -> str:
    """``input.<key>`` as a non-empty text, or ScenarioInputError."""
    value = given.get(key)
    if not isinstance(value, str) or not value:
        raise ScenarioInputError(f"input.{key}: required, a text")
    return value
