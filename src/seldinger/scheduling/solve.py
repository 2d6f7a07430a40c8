"""Solve a spec and write the schedule, or explain why none exists. Pure: no Django.

:func:`solve` returns the output document of docs/scheduling.md: ``status``,
``objective``, ``bound``, ``fairness``, ``penalties``, ``rotations``, ``shifts`` (every
working period, as the work-hour checker reads them) and ``conflicts``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from seldinger.rules import ParameterSet, default_parameters
from seldinger.scheduling.model import Builder
from seldinger.scheduling.outcome import Built, EsirRule, Group
from seldinger.scheduling.spec import Spec
from seldinger.workhours.rules import Limits, limits_as_of

OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "optimal", "feasible", "infeasible", "unknown"
#: ``progress(label, done, total)``: told when the model is built and each better schedule.
Progress = Callable[[str, int, "int | None"], None]
CORE_TO_MINIMISE = 40
"""Infeasibility cores up to this size are reduced to a minimal one, rule by rule."""


def rule_data(spec: Spec, rules: ParameterSet | None = None) -> tuple[Limits, EsirRule]:
    """The work-hour limits and ESIR's rotation counts in force when the schedule starts."""
    parameters = rules or default_parameters()
    esir = parameters.value("esir/rotations", spec.start)
    return limits_as_of(parameters, spec.start), EsirRule(
        int(esir["ir"]), int(esir["icu"]), int(esir["ir_related_max"])
    )


def _solver(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def solve(
    spec: Spec,
    *,
    time_limit: float = 30,
    workers: int = 2,
    seed: int = 0,
    rules: ParameterSet | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The schedule for ``spec`` within ``time_limit`` seconds, the model's building included
    (an explanation, when none exists, may take as long again)."""
    started = time.monotonic()
    tell = progress or _silent
    tell("Building the model", 0, None)
    limits, esir = rule_data(spec, rules)
    built = Builder(spec, limits, esir, explain=False).build()
    tell("Solving", 0, None)
    solver = _solver(time_limit - (time.monotonic() - started), workers, seed)
    status = solver.solve(built.model, _Improvements(tell))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result = _schedule(built, solver)
        result["status"] = OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE
    elif status == cp_model.INFEASIBLE:
        tell("No schedule meets the hard rules: finding the rules in conflict", 0, None)
        result = _empty(INFEASIBLE)
        result["conflicts"] = [
            g.as_dict() for g in explain(spec, limits, esir, time_limit=time_limit, seed=seed)
        ]
        result["message"] = _conflict_message(result["conflicts"])
    else:
        result = _empty(UNKNOWN)
        result["message"] = (
            f"no schedule found in {time_limit:g} s, and none proved impossible: "
            "give the solver more time (--time-limit)"
        )
    result["seconds"] = round(time.monotonic() - started, 2)
    return {"start": spec.start.isoformat(), **_curriculum(spec), **result}


def _curriculum(spec: Spec) -> dict[str, Any]:
    """What a progress page needs to count a resident's rotations by kind later."""
    return {
        "block_weeks": spec.block_weeks,
        "kinds": {rotation.name: rotation.kind for rotation in spec.rotations},
        "residents": {
            resident.id: {"pgy": resident.pgy, "esir": resident.esir, "done": dict(resident.done)}
            for resident in spec.residents
        },
    }


def _silent(label: str, done: int, total: int | None) -> None:
    return None


class _Improvements(cp_model.CpSolverSolutionCallback):
    """Tells ``progress`` of each better schedule the solver finds, with its penalty."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.found = 0

    def on_solution_callback(self) -> None:
        self.found += 1
        self.progress(
            f"Solving: schedules found, the best with penalty {self.objective_value:g}",
            self.found,
            None,
        )


def _empty(status: str) -> dict[str, Any]:
    return {
        "status": status,
        "objective": None,
        "bound": None,
        "fairness": {},
        "penalties": [],
        "rotations": {},
        "shifts": [],
        "conflicts": [],
    }


def explain(
    spec: Spec, limits: Limits, esir: EsirRule, *, time_limit: float = 30, seed: int = 0
) -> list[Group]:
    """The hard rules, residents and dates that cannot all hold (a small infeasibility core).

    The guards are assumptions; the solver's core is then cut down rule by rule while
    small enough, keeping only rules whose removal would let a schedule exist.
    """
    built = Builder(spec, limits, esir, explain=True).build()
    deadline = time.monotonic() + time_limit
    core = _core(built, list(range(len(built.guards))), time_limit, seed)
    if core is None:
        return []
    if len(core) <= CORE_TO_MINIMISE:
        for index in list(core):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            trial = [i for i in core if i != index]
            smaller = _core(built, trial, min(left, max(1.0, time_limit / 10)), seed)
            if smaller is not None:
                core = [i for i in core if i in smaller]
    return sorted((built.groups[i] for i in core), key=lambda g: (g.rule, g.first, g.residents))


def _core(built: Built, indexes: list[int], seconds: float, seed: int) -> list[int] | None:
    """The guards of a core when the rules ``indexes`` alone are infeasible, else None."""
    built.model.clear_assumptions()
    built.model.add_assumptions([built.guards[i] for i in indexes])
    solver = _solver(seconds, 1, seed)
    if solver.solve(built.model) != cp_model.INFEASIBLE:
        return None
    position = {built.guards[i].index: i for i in indexes}
    core = [position[v] for v in solver.sufficient_assumptions_for_infeasibility() if v in position]
    return core


def _conflict_message(conflicts: list[dict[str, Any]]) -> str:
    if not conflicts:
        return "no schedule meets every hard rule (the solver gave no core in time)"
    rules = sorted({c["rule"] for c in conflicts})
    return (
        f"no schedule meets every hard rule: {len(conflicts)} rule(s) conflict ({', '.join(rules)})"
    )


def _moment(spec: Spec, day: int, minutes: int) -> str:
    when = dt.datetime.combine(spec.date(day), dt.time()) + dt.timedelta(minutes=minutes)
    return when.isoformat(timespec="minutes")


def _schedule(built: Built, solver: cp_model.CpSolver) -> dict[str, Any]:
    spec = built.spec
    rotations: dict[str, list[str]] = {}
    on: dict[tuple[int, int], int] = {}
    for (r, b, i), var in built.rotation.items():
        if solver.boolean_value(var):
            on[r, b] = i
    for r, resident in enumerate(spec.residents):
        rotations[resident.id] = [spec.rotations[on[r, b]].name for b in range(spec.blocks)]
    shifts = []
    for (r, d, _t), var in built.work.items():
        if solver.boolean_value(var):
            rotation = spec.rotations[on[r, spec.block_of(d)]]
            shifts.append(
                _shift(
                    spec,
                    spec.residents[r].id,
                    d,
                    rotation.day_start,
                    rotation.day_minutes,
                    "clinical",
                    rotation.name,
                )
            )
    for (r, d, k), var in built.call.items():
        if solver.boolean_value(var):
            kind = spec.call_kinds[k]
            shifts.append(
                _shift(
                    spec,
                    spec.residents[r].id,
                    d,
                    kind.start,
                    kind.minutes,
                    kind.checker_kind,
                    kind.name,
                )
            )
    shifts.sort(key=lambda s: (s["resident"], s["start"]))
    penalties = []
    for penalty in built.penalties:
        cost = solver.value(penalty.expression) * penalty.weight
        if cost:
            penalties.append(
                {
                    "rule": penalty.rule,
                    "resident": penalty.resident,
                    "detail": penalty.detail,
                    "cost": cost,
                }
            )
    return {
        "status": FEASIBLE,
        "objective": solver.objective_value,
        # Every penalty is at least 0, whatever the solver's relaxation gives.
        "bound": max(0.0, solver.best_objective_bound),
        "fairness": _fairness(built, solver),
        "penalties": penalties,
        "rotations": rotations,
        "shifts": shifts,
        "conflicts": [],
    }


def _shift(
    spec: Spec, resident: str, day: int, start: int, minutes: int, kind: str, name: str
) -> dict[str, str]:
    return {
        "resident": resident,
        "start": _moment(spec, day, start),
        "end": _moment(spec, day, start + minutes),
        "kind": kind,
        "name": name,
    }


def _fairness(built: Built, solver: cp_model.CpSolver) -> dict[str, dict[str, dict[str, int]]]:
    """Per PGY, the fewest and most calls, weekend calls and holiday calls, and the spread."""
    fairness: dict[str, dict[str, dict[str, int]]] = {}
    for (pgy, measure), (high, low) in sorted(built.spreads.items()):
        most, least = solver.value(high), solver.value(low)
        fairness.setdefault(f"PGY-{pgy}", {})[measure] = {
            "min": least,
            "max": most,
            "spread": most - least,
        }
    return fairness
