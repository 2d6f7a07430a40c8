"""How every benchmark reports a figure: printed beside its floor, and collected for the README.

Each benchmark calls ``figure(...)`` once per figure it measures. The line it prints says the
measured value, the floor measured in the same run and the goal. When ``BENCH_FIGURES`` names a
file (``make bench`` sets it), the figure is also appended there as one JSON line, from which
``bench/run.py`` writes the README's table. ``make bench`` also names the database and the
command in ``BENCH_DATABASE`` and ``BENCH_COMMAND``, so a benchmark need not.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def figure(
    benchmark: str,
    label: str,
    measured: float,
    *,
    unit: str = "s",
    floor: float | None = None,
    floor_label: str = "",
    goal: str = "",
    database: str = "",
    command: str = "",
) -> None:
    """Print one measured figure beside its floor; record it when ``BENCH_FIGURES`` is set."""
    ratio = f" = {measured / floor:.2f}x floor" if floor else ""
    against = f" (floor {_fmt(floor, unit)}: {floor_label}{ratio})" if floor is not None else ""
    database = database or os.environ.get("BENCH_DATABASE", "")
    where = f" [{database}]" if database else ""
    aim = f"; goal {goal}" if goal else ""
    print(f"{label}{where}: {_fmt(measured, unit)}{against}{aim}", flush=True)
    path = os.environ.get("BENCH_FIGURES")
    if path:
        record: dict[str, Any] = {
            "benchmark": benchmark,
            "label": label,
            "measured": measured,
            "unit": unit,
            "floor": floor,
            "floor_label": floor_label,
            "goal": goal,
            "database": database,
            "command": command or os.environ.get("BENCH_COMMAND", ""),
        }
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def median_time(run: Callable[[], object], *, repeat: int = 5) -> float:
    """The median wall time of ``run`` over ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.1f}x"
    return f"{value:g} {unit}"
