"""Fairness: calls, weekend calls and holiday calls spread evenly within a PGY, and each
resident's fair share of each call kind, as named penalties. Pure: no Django."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from seldinger.scheduling.outcome import Penalty

if TYPE_CHECKING:
    from seldinger.scheduling.model import Builder


def add_fairness(builder: Builder) -> None:
    spec, model = builder.spec, builder.model
    measures = {
        "calls": lambda d: True,
        "weekends": lambda d: spec.date(d).weekday() >= 5,
        "holidays": spec.is_holiday,
    }
    by_resident: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for (r, d, _), var in builder.call.items():
        by_resident.setdefault(r, []).append((d, var))
    _shares(builder)
    for pgy in sorted({resident.pgy for resident in spec.residents}):
        members = [r for r, res in enumerate(spec.residents) if res.pgy == pgy]
        for measure, counts_day in measures.items():
            counts = []
            for r in members:
                days = [var for (d, var) in by_resident.get(r, []) if counts_day(d)]
                if days:
                    counts.append(sum(days))
            if len(counts) < 2:
                continue
            high = model.new_int_var(0, spec.days * len(spec.call_kinds), f"hi_{pgy}_{measure}")
            low = model.new_int_var(0, spec.days * len(spec.call_kinds), f"lo_{pgy}_{measure}")
            model.add_max_equality(high, counts)
            model.add_min_equality(low, counts)
            builder.spreads[pgy, measure] = (high, low)
            builder.penalties.append(
                Penalty(
                    measure,
                    None,
                    f"spread of {measure} within PGY-{pgy}",
                    spec.rules.penalties[measure],
                    high - low,
                )
            )


def _shares(builder: Builder) -> None:
    """Calls beyond each resident's fair share of each call kind (its count times its
    days, over the residents who may take it, rounded up). The spreads alone give the
    search little to go on: moving one call rarely changes a PGY's most or fewest."""
    spec, model = builder.spec, builder.model
    weight = spec.rules.penalties["share"]
    if not weight:
        return
    for k, kind in enumerate(spec.call_kinds):
        coverage = spec.coverage.get(kind.name)
        takers: dict[int, list[cp_model.IntVar]] = {}
        for (r, _, kk), var in builder.call.items():
            if kk == k:
                takers.setdefault(r, []).append(var)
        if coverage is None or not takers:
            continue
        days = sum(1 for d in range(spec.days) if spec.calls_on(kind, d))
        share = -(-coverage.count * days // len(takers))
        for r, calls in takers.items():
            beyond = model.new_int_var(0, len(calls), f"beyond_{r}_{k}")
            model.add(beyond >= sum(calls) - share)
            resident = spec.residents[r].id
            builder.penalties.append(
                Penalty(
                    "share",
                    resident,
                    f"{kind.name} beyond the fair share of {share}",
                    weight,
                    beyond,
                )
            )
