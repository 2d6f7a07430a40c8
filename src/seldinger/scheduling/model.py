"""The rotation and call schedule as a CP-SAT model (docs/scheduling.md). Pure: no Django.

Every hard rule is added under a *guard*: a literal named after the rule, the residents
and the dates it binds. A normal solve fixes every guard true; when that is infeasible,
:mod:`.solve` builds the model again with the guards as assumptions and reads back the
ones that cannot all hold (the infeasibility core), so the answer names what conflicts.

Variables, one resident ``r`` at a time:

- ``rotation[r, b, i]``: the resident is on rotation ``i`` in block ``b`` (exactly one);
- ``work[r, d, t]``: day work of template ``t`` (a rotation's start and hours) on day
  ``d``; it must happen on every weekday of a working rotation unless the resident is
  on leave, post-call or on night float;
- ``call[r, d, k]``: a shift of call kind ``k`` starting on day ``d``;
- ``granted[q]``: request ``q`` is granted (priority 1: a hard rule);
- ``free[r, d]``: nothing touches day ``d``, for one day in seven.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ortools.sat.python import cp_model

from seldinger.scheduling.fairness import add_fairness
from seldinger.scheduling.outcome import Built, EsirRule, Group, Penalty
from seldinger.scheduling.patterns import Activity, forbidden_patterns
from seldinger.scheduling.spec import Request, Resident, Spec
from seldinger.workhours.rules import Limits

ESIR_KINDS = {"ir": "ir", "icu": "icu", "ir_related_max": "ir-related"}
"""Rule data key (``esir/rotations``) -> the rotation kind it counts."""
ESIR_LAST_YEAR = 4
"""ESIR runs over R1-R4 of the DR residency; a DR resident's R-year is their PGY minus one."""


class Builder:
    def __init__(self, spec: Spec, limits: Limits, esir: EsirRule, *, explain: bool) -> None:
        self.spec, self.limits, self.esir, self.explain = spec, limits, esir, explain
        self.model = cp_model.CpModel()
        self.groups: list[Group] = []
        self.guards: list[cp_model.IntVar] = []
        self._guard_of: dict[tuple[str, tuple[str, ...], dt.date], cp_model.IntVar] = {}
        self._true = self.model.new_constant(1)
        work_shapes = sorted({(r.day_start, r.day_minutes) for r in spec.rotations if r.works})
        self.template_of_rotation = {
            i: work_shapes.index((r.day_start, r.day_minutes))
            for i, r in enumerate(spec.rotations)
            if r.works
        }
        self.templates = tuple(
            Activity(
                f"day work {start // 60:02d}:{start % 60:02d}", start, minutes, "clinical", True
            )
            for start, minutes in work_shapes
        ) + tuple(
            Activity(kind.name, kind.start, kind.minutes, kind.checker_kind, False)
            for kind in spec.call_kinds
        )
        self.work_templates = len(work_shapes)
        self.rotation: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.work: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.call: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.granted: dict[tuple[int, int], cp_model.IntVar] = {}
        self.penalties: list[Penalty] = []
        self.spreads: dict[tuple[int, str], tuple[Any, Any]] = {}
        self._indexes: dict[int, dict[int, list[tuple[tuple[int, int, int], cp_model.IntVar]]]] = {}

    # Guards ------------------------------------------------------------------------------

    def guard(
        self, rule: str, residents: tuple[str, ...], first: int, last: int, detail: str
    ) -> cp_model.IntVar:
        """The literal a hard rule is added under (always true unless explaining)."""
        if not self.explain:
            return self._true
        key = (rule, residents, self.spec.date(first))
        if key in self._guard_of:
            return self._guard_of[key]
        literal = self.model.new_bool_var(f"{rule}|{','.join(residents)}|{first}")
        self._guard_of[key] = literal
        self.groups.append(
            Group(rule, residents, self.spec.date(first), self.spec.date(last), detail)
        )
        self.guards.append(literal)
        return literal

    # The model ----------------------------------------------------------------------------

    def build(self) -> Built:
        spec = self.spec
        self._variables()
        for r, resident in enumerate(spec.residents):
            self._requests(r, resident)
            self._rotation_work(r)
            self._patterns(r, resident)
            self._averaged(r, resident)
            self._night_float(r, resident)
            self._esir(r, resident)
            self._pathway(r, resident)
        self._coverage()
        self._needs()
        add_fairness(self)
        if not self.explain:
            self.model.minimize(sum(p.weight * p.expression for p in self.penalties))
        return Built(
            self.model,
            spec,
            self.templates,
            self.rotation,
            self.work,
            self.call,
            self.granted,
            self.penalties,
            self.spreads,
            self.groups,
            self.guards,
        )

    def _variables(self) -> None:
        spec, model = self.spec, self.model
        for r, resident in enumerate(spec.residents):
            for b in range(spec.blocks):
                options = [
                    model.new_bool_var(f"rot_{r}_{b}_{i}")
                    for i, rotation in enumerate(spec.rotations)
                    if resident.pgy in rotation.need
                ]
                indexes = [i for i, rot in enumerate(spec.rotations) if resident.pgy in rot.need]
                for i, var in zip(indexes, options, strict=True):
                    self.rotation[r, b, i] = var
                model.add_exactly_one(options)
            for d in range(spec.days):
                b = spec.block_of(d)
                if spec.rotation_day(d):
                    for t in {
                        self.template_of_rotation[i]
                        for i in self._options(r, b)
                        if i in self.template_of_rotation
                    }:
                        var = model.new_bool_var(f"work_{r}_{d}_{t}")
                        self.work[r, d, t] = var
                        model.add(var <= self._on_template(r, b, t))
                if not resident.takes_call:
                    continue
                may_call = sum(
                    self.rotation[r, b, i] for i in self._options(r, b) if spec.rotations[i].call
                )
                for k, kind in enumerate(spec.call_kinds):
                    coverage = spec.coverage.get(kind.name)
                    if coverage is None or resident.pgy not in coverage.pgy:
                        continue
                    if spec.calls_on(kind, d):
                        var = model.new_bool_var(f"call_{r}_{d}_{k}")
                        self.call[r, d, k] = var
                        model.add(var <= may_call)

    def _options(self, r: int, b: int) -> list[int]:
        return [i for i in range(len(self.spec.rotations)) if (r, b, i) in self.rotation]

    def _on_template(self, r: int, b: int, t: int) -> Any:
        return sum(
            self.rotation[r, b, i]
            for i in self._options(r, b)
            if self.template_of_rotation.get(i) == t
        )

    def _day_vars(self, r: int, d: int) -> list[cp_model.IntVar]:
        """Every activity that touches day ``d`` (an overnight call from the day before too)."""
        found: list[cp_model.IntVar] = []
        for t in range(len(self.templates)):
            if (r, d, t) in self.work:
                found.append(self.work[r, d, t])
        for k, kind in enumerate(self.spec.call_kinds):
            if (r, d, k) in self.call:
                found.append(self.call[r, d, k])
            if kind.overnight and (r, d - 1, k) in self.call:
                found.append(self.call[r, d - 1, k])
        return found

    def _requests(self, r: int, resident: Resident) -> None:
        spec, model = self.spec, self.model
        weight = spec.rules.penalties["request"]
        for q, request in enumerate(resident.requests):
            granted = model.new_bool_var(f"granted_{r}_{q}")
            self.granted[r, q] = granted
            first, last = spec.day_of(request.first), spec.day_of(request.last)
            if request.priority == 1:
                guard = self.guard(
                    "request",
                    (resident.id,),
                    first,
                    last,
                    f"{request.kind} requested with priority 1 (hard)",
                )
                model.add_implication(guard, granted)
            else:
                cost = weight // (request.priority - 1)
                self.penalties.append(
                    Penalty(
                        "request",
                        resident.id,
                        f"{request.kind} {request.first} to {request.last} (priority "
                        f"{request.priority}) not granted",
                        cost,
                        1 - granted,
                    )
                )
            for d in range(first, last + 1):
                for t in range(len(self.templates)):
                    if (r, d, t) in self.work:
                        model.add_implication(granted, ~self.work[r, d, t])
                for k in range(len(spec.call_kinds)):
                    if (r, d, k) in self.call:
                        model.add_implication(granted, ~self.call[r, d, k])
            if request.kind == "vacation" and spec.rules.no_call_before_vacation and first > 0:
                self._no_call_before(r, resident, request, granted, first)

    def _no_call_before(
        self, r: int, resident: Resident, request: Request, granted: cp_model.IntVar, first: int
    ) -> None:
        before = [
            self.call[r, first - 1, k]
            for k, kind in enumerate(self.spec.call_kinds)
            if kind.overnight and (r, first - 1, k) in self.call
        ]
        if not before:
            return
        guard = self.guard(
            "no-call-before-vacation",
            (resident.id,),
            first - 1,
            first - 1,
            f"no call the night before vacation starting {request.first}",
        )
        for var in before:
            self.model.add_bool_or([~guard, ~granted, ~var])

    def _rotation_work(self, r: int) -> None:
        """Day work happens on every weekday of a working rotation unless excused."""
        spec = self.spec
        for d in range(spec.days):
            if not spec.rotation_day(d):
                continue
            b = spec.block_of(d)
            working = sum(self._on_template(r, b, t) for t in range(len(self.templates)))
            if isinstance(working, int):
                continue
            excused: list[Any] = [
                self.granted[r, q]
                for q, request in enumerate(spec.residents[r].requests)
                if request.first <= spec.date(d) <= request.last
            ]
            for k, kind in enumerate(spec.call_kinds):
                if kind.overnight and kind.checker_kind == "call" and (r, d - 1, k) in self.call:
                    excused.append(self.call[r, d - 1, k])  # post-call
                if kind.night_float and (r, d, k) in self.call:
                    excused.append(self.call[r, d, k])
            worked = sum(
                self.work[r, d, t] for t in range(len(self.templates)) if (r, d, t) in self.work
            )
            self.model.add(worked + sum(excused) >= working)

    def _activity(self, r: int, t: int, d: int) -> cp_model.IntVar | None:
        if t >= self.work_templates:
            return self.call.get((r, d, t - self.work_templates))
        return self.work.get((r, d, t))

    def _patterns(self, r: int, resident: Resident) -> None:
        spec, span = self.spec, self.limits.block_days
        # Each template's variables by day, so that a pattern is only tried where its
        # first activity can happen (weekend call on weekends, day work on weekdays).
        by_day: list[dict[int, cp_model.IntVar]] = []
        for t in range(len(self.templates)):
            if t >= self.work_templates:
                k = t - self.work_templates
                by_day.append({d: v for (rr, d, kk), v in self._calls_of(r) if kk == k})
            else:
                by_day.append({d: v for (rr, d, tt), v in self._work_of(r) if tt == t})
        for pattern in forbidden_patterns(self.templates, self.limits):
            first, rest = pattern.items[0], pattern.items[1:]
            for d, head in by_day[first[0]].items():
                literals = [head]
                for t, offset in rest:
                    var = by_day[t].get(d + offset)
                    if var is None:
                        break
                    literals.append(var)
                else:
                    window = d // span
                    guard = self.guard(
                        pattern.rule,
                        (resident.id,),
                        window * span,
                        min(spec.days, (window + 1) * span) - 1,
                        _PATTERN_DETAIL[pattern.rule],
                    )
                    self.model.add_bool_or([~guard, *(~v for v in literals)])

    def _calls_of(self, r: int) -> list[tuple[tuple[int, int, int], cp_model.IntVar]]:
        return self._by_resident(self.call).get(r, [])

    def _work_of(self, r: int) -> list[tuple[tuple[int, int, int], cp_model.IntVar]]:
        return self._by_resident(self.work).get(r, [])

    def _by_resident(
        self, variables: dict[tuple[int, int, int], cp_model.IntVar]
    ) -> dict[int, list[tuple[tuple[int, int, int], cp_model.IntVar]]]:
        cached = self._indexes.get(id(variables))
        if cached is None:
            cached = {}
            for key, var in variables.items():
                cached.setdefault(key[0], []).append((key, var))
            self._indexes[id(variables)] = cached
        return cached

    def _minutes(self, r: int, d: int) -> Any:
        """Minutes worked in shifts starting on day ``d`` (at-home call is no work)."""
        total: Any = 0
        for t, template in enumerate(self.templates):
            var = self._activity(r, t, d)
            if var is not None and template.checker_kind != "home-call":
                total += template.minutes * var
        return total

    def _averaged(self, r: int, resident: Resident) -> None:
        """80 hours, one day in seven and call frequency, over each 4-week period.

        The checker judges a resident's last period only up to their last shift, so the
        period where their schedule may end is also held at each length from a week up
        (``ended[d]``: nothing starts on day ``d`` or later).
        """
        spec, limits, model = self.spec, self.limits, self.model
        span, days = limits.block_days, spec.days
        in_house = [k for k, kind in enumerate(spec.call_kinds) if kind.checker_kind == "call"]
        free = []
        for d in range(days):
            var = model.new_bool_var(f"free_{r}_{d}")
            for busy in self._day_vars(r, d):
                model.add_implication(var, ~busy)
            free.append(var)
        windows = days // span
        early = [w for w in range(windows - 1) if self._may_end_after(r, resident, w)]
        ended = self._ended(r, (early[0] if early else windows - 1) * span)
        for w in range(windows):
            ws = w * span
            spill: Any = 0
            for k, kind in enumerate(spec.call_kinds):
                if (
                    kind.overnight
                    and kind.checker_kind != "home-call"
                    and (r, ws - 1, k) in self.call
                ):
                    spill += (kind.start + kind.minutes - 24 * 60) * self.call[r, ws - 1, k]
            guards = (
                self.guard(
                    "80-hour",
                    (resident.id,),
                    ws,
                    ws + span - 1,
                    f"at most {limits.weekly_hours:g} h a week averaged over "
                    f"{limits.averaging_weeks} weeks",
                ),
                self.guard(
                    "call-frequency",
                    (resident.id,),
                    ws,
                    ws + span - 1,
                    f"in-house call no more often than every "
                    f"{limits.call_every_nth_night} nights averaged over "
                    f"{limits.averaging_weeks} weeks",
                ),
                self.guard(
                    "one-day-in-seven",
                    (resident.id,),
                    ws,
                    ws + span - 1,
                    f"{limits.days_off_per_week} day in 7 free of work and "
                    f"at-home call, averaged over {limits.averaging_weeks} weeks",
                ),
            )
            lengths = (
                range(limits.min_block_days, span + 1)
                if w == windows - 1 or w in early
                else (span,)
            )
            minutes: Any = spill
            nights: Any = 0
            days_off: Any = 0
            for length in range(1, span + 1):
                d = ws + length - 1
                minutes += self._minutes(r, d)
                nights += sum(self.call[r, d, k] for k in in_house if (r, d, k) in self.call)
                if length > 1:  # a day off on a period's first day may count in the one before
                    days_off += free[d]
                if length not in lengths:
                    continue
                when = [] if length == span else [ended[d + 1]]
                if not isinstance(minutes, int):
                    model.add(
                        7 * minutes <= int(limits.weekly_hours * 60 * length)
                    ).only_enforce_if([guards[0], *when])
                if not isinstance(nights, int):
                    model.add(limits.call_every_nth_night * nights <= length).only_enforce_if(
                        [guards[1], *when]
                    )
                # A schedule ending here may be judged over one day more.
                wanted = min(length + 1, span) * limits.days_off_per_week // 7
                model.add(days_off >= wanted).only_enforce_if([guards[2], *when])

    def _may_end_after(self, r: int, resident: Resident, w: int) -> bool:
        """Whether the resident may have nothing scheduled after 4-week period ``w``."""
        span = self.limits.block_days
        later = range((w + 1) * span, self.spec.days)
        if any(
            not self.spec.rotations[i].works
            for b in {self.spec.block_of(d) for d in later}
            for i in self._options(r, b)
        ):
            return True
        off = {day for request in resident.requests for day in request.days()}
        return all(self.spec.date(d) in off for d in later if self.spec.rotation_day(d))

    def _ended(self, r: int, first: int) -> dict[int, Any]:
        """``ended[d]`` for ``d`` from ``first``: nothing starts on ``d`` or after."""
        model = self.model
        ended: dict[int, Any] = {self.spec.days: self._true}
        for d in range(self.spec.days - 1, first - 1, -1):
            var = model.new_bool_var(f"end_{r}_{d}")
            started = [
                v for t in range(len(self.templates)) if (v := self._activity(r, t, d)) is not None
            ]
            for other in started:
                model.add_implication(var, ~other)
            model.add_implication(var, ended[d + 1])
            model.add(var + sum(started) >= ended[d + 1])
            ended[d] = var
        return ended

    def _night_float(self, r: int, resident: Resident) -> None:
        most = self.spec.rules.max_consecutive_night_float
        if most is None:
            return
        for k, kind in enumerate(self.spec.call_kinds):
            if not kind.night_float:
                continue
            guard = self.guard(
                "max-consecutive-night-float",
                (resident.id,),
                0,
                self.spec.days - 1,
                f"at most {most} consecutive nights of {kind.name}",
            )
            for d in range(self.spec.days - most):
                run = [
                    self.call[r, d + n, k] for n in range(most + 1) if (r, d + n, k) in self.call
                ]
                if len(run) == most + 1:
                    self.model.add(sum(run) <= most).only_enforce_if(guard)

    def _blocks_of_kind(self, r: int, kind: str) -> Any:
        return sum(
            self.rotation[r, b, i]
            for b in range(self.spec.blocks)
            for i in self._options(r, b)
            if self.spec.rotations[i].kind == kind
        )

    def _esir(self, r: int, resident: Resident) -> None:
        if not resident.esir:
            return
        year = resident.pgy - 1
        if not 1 <= year <= ESIR_LAST_YEAR:
            return
        later = self.spec.blocks * (ESIR_LAST_YEAR - year)
        last = self.spec.days - 1
        for key, kind in ESIR_KINDS.items():
            count = resident.done.get(kind, 0) + self._blocks_of_kind(r, kind)
            figure = getattr(self.esir, key)
            if key == "ir_related_max":
                guard = self.guard(
                    "esir-ir-related",
                    (resident.id,),
                    0,
                    last,
                    f"ESIR: at most {figure} IR-related rotations over R1-R4 "
                    f"({resident.done.get(kind, 0)} done)",
                )
                self.model.add(count <= figure).only_enforce_if(guard)
            else:
                guard = self.guard(
                    f"esir-{kind}",
                    (resident.id,),
                    0,
                    last,
                    f"ESIR: at least {figure} {kind.upper()} rotations by the "
                    f"end of R4 ({resident.done.get(kind, 0)} done, "
                    f"{later} blocks left after this year)",
                )
                self.model.add(count + later >= figure).only_enforce_if(guard)

    def _pathway(self, r: int, resident: Resident) -> None:
        minimums = self.spec.rules.pathways.get(resident.pathway, {}).get(resident.pgy, {})
        for kind, least in minimums.items():
            guard = self.guard(
                "pathway",
                (resident.id,),
                0,
                self.spec.days - 1,
                f"{resident.pathway} PGY-{resident.pgy}: at least {least} {kind} blocks this year",
            )
            self.model.add(self._blocks_of_kind(r, kind) >= least).only_enforce_if(guard)

    def _coverage(self) -> None:
        spec = self.spec
        for k, kind in enumerate(spec.call_kinds):
            coverage = spec.coverage.get(kind.name)
            if coverage is None:
                continue
            pgys = "/".join(str(p) for p in coverage.pgy)
            for d in range(spec.days):
                if not spec.calls_on(kind, d):
                    continue
                on = [
                    self.call[r, d, k] for r in range(len(spec.residents)) if (r, d, k) in self.call
                ]
                who = tuple(
                    spec.residents[r].id
                    for r in range(len(spec.residents))
                    if (r, d, k) in self.call
                )
                guard = self.guard(
                    "coverage",
                    who,
                    d,
                    d,
                    f"{coverage.count} resident(s) of PGY {pgys} on {kind.name} "
                    f"({len(on)} could take it)",
                )
                self.model.add(sum(on) == coverage.count).only_enforce_if(guard)

    def _needs(self) -> None:
        spec = self.spec
        span = spec.block_weeks * 7
        for i, rotation in enumerate(spec.rotations):
            for pgy, (least, most) in rotation.need.items():
                members = [r for r, res in enumerate(spec.residents) if res.pgy == pgy]
                for b in range(spec.blocks):
                    on = [self.rotation[r, b, i] for r in members]
                    who = tuple(spec.residents[r].id for r in members)
                    guard = self.guard(
                        "rotation-need",
                        who,
                        b * span,
                        (b + 1) * span - 1,
                        f"{rotation.name} needs {least} to {most} PGY-{pgy} "
                        f"resident(s) in block {b + 1} ({len(on)} in PGY-{pgy})",
                    )
                    total = sum(on)
                    self.model.add(total >= least).only_enforce_if(guard)
                    self.model.add(total <= most).only_enforce_if(guard)


_PATTERN_DETAIL = {
    "24+4": "a continuous duty period of at most 24 h + 4 h (day work and that night's "
    "in-house call are one period)",
    "rest-after-24h-call": "14 h free after 24 h of in-house call",
    "rest-between-periods": "8 h off between duty periods",
    "overlap": "one resident cannot be in two shifts at once",
}
