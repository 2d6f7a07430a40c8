"""Benchmark: one academic year of logged shifts for 100 residents through the work-hour rules.

    .venv/bin/python bench/workhours.py
    .venv/bin/python bench/workhours.py --residents 200 --runs 9 --seed 7

The generator is a plausible IR/DR residency year (1 July to 30 June): about
six entries a week per resident: weekday day shifts 07:00-17:00/18:30 (some
split by a logged lunch break), a Saturday morning every other week,
in-house call roughly every sixth night (a day shift running into overnight
call until 08:00, or a 24-hour Saturday call) with the post-call day off, an
hour or two of home-call work on some evenings, occasional moonlighting and
a weekly education half-day; four weeks of vacation. It produces a
sprinkling of violations. Measures
``seldinger.workhours.rules.check`` (pure Python, one process), median of
``--runs`` runs after one warm-up, beside a floor measured in the same run: the
least any checker must do, putting each resident's shifts in time order and adding up
their hours per week. Goal: under 1 s (2 cores). Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
from collections import Counter, defaultdict

from figures import compile_sources, figure, median_time

from seldinger.workhours.rules import Limits, Shift, check

YEAR_START = dt.date(2025, 7, 1)


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour)


def resident_year(name: str, rng: random.Random) -> list[Shift]:
    shifts: list[Shift] = []
    vacation_weeks = set(rng.sample(range(2, 50), 4))
    busy_until = dt.datetime.combine(YEAR_START, dt.time())

    def add(start: dt.datetime, end: dt.datetime, kind: str) -> None:
        nonlocal busy_until
        start = max(start, busy_until)
        if end > start:
            shifts.append(Shift(name, start, end, kind))
            busy_until = end

    call_offset = rng.randrange(6)
    post_call = False
    for offset in range(365):
        day = YEAR_START + dt.timedelta(days=offset)
        if offset // 7 in vacation_weeks:
            continue
        weekday = day.weekday()
        on_call = (offset + call_offset) % 6 == 0 and weekday != 6
        if post_call:  # the day after call is free after the 08:00 handover
            post_call = False
            if not on_call:
                continue
        if weekday < 5:
            start = 7 + rng.choice((0, 0, 0.5, -0.5))
            if on_call:  # day shift, then in-house call overnight (25 h, then off)
                add(_at(day, start), _at(day, 32), "call")
                post_call = True
                continue
            end = 17 + rng.choice((0, 0, 0.5, 1, 1.5))
            if weekday == 2:  # education half-day, then the afternoon's work
                add(_at(day, start), _at(day, 12), "education")
                add(_at(day, 13), _at(day, end), "clinical")
            elif rng.random() < 0.1:  # a logged lunch break
                add(_at(day, start), _at(day, 12), "clinical")
                add(_at(day, 12.75), _at(day, end), "clinical")
            else:
                add(_at(day, start), _at(day, end), "clinical")
            if rng.random() < 0.08:
                add(_at(day, 20), _at(day, 20 + rng.choice((1, 1.5, 2))), "home-call-work")
            elif rng.random() < 0.02:  # a tired resident's late start after moonlighting
                add(_at(day, end + 1), _at(day, end + 5), "moonlighting")
        elif weekday == 5:
            if on_call:
                add(_at(day, 8), _at(day, 32), "call")  # a 24-hour weekend call
                post_call = True
            elif offset // 7 % 2 == 0:
                add(_at(day, 8), _at(day, 13), "clinical")
            elif rng.random() < 0.2:
                add(_at(day, 9), _at(day, 21), "moonlighting")
    return shifts


def generate(residents: int, seed: int) -> list[Shift]:
    rng = random.Random(seed)
    shifts: list[Shift] = []
    for number in range(residents):
        shifts.extend(resident_year(f"resident-{number:03d}", rng))
    rng.shuffle(shifts)
    return shifts


def floor(shifts: list[Shift]) -> dict[tuple[str, int], float]:
    """Each resident's shifts in time order, their hours summed per week: no checker does less."""
    hours: dict[tuple[str, int], float] = defaultdict(float)
    for shift in sorted(shifts, key=lambda s: (s.resident, s.start)):
        week = (shift.start.date() - YEAR_START).days // 7
        hours[shift.resident, week] += (shift.end - shift.start).total_seconds() / 3600
    return hours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--quick", action="store_true", help="10 residents, 3 runs")
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.residents, options.runs = 10, 3

    shifts = generate(options.residents, options.seed)
    limits = Limits()
    violations = check(shifts, limits)  # warm-up
    median = median_time(lambda: check(shifts, limits), repeat=options.runs)
    floor_median = median_time(lambda: floor(shifts), repeat=options.runs)

    per_week = len(shifts) / options.residents / (365 / 7)
    print(f"Python {platform.python_version()} on {platform.machine()}")
    print(
        f"{len(shifts):,} shifts for {options.residents} residents over one academic year "
        f"({per_week:.1f} entries a resident a week)"
    )
    print(
        f"violations: {len(violations):,}  "
        + ", ".join(
            f"{rule} {count}" for rule, count in sorted(Counter(v.rule for v in violations).items())
        )
    )
    figure(
        "workhours",
        f"work-hour rules, one year of {len(shifts):,} shifts for {options.residents} residents",
        median * 1000,
        unit="ms",
        floor=floor_median * 1000,
        floor_label="shifts sorted and summed per week",
        goal="< 1 s",
    )


if __name__ == "__main__":
    main()
