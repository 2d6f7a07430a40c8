"""How every benchmark reports a figure: printed beside its floor, and collected for the README.

Each benchmark calls ``figure(...)`` once per figure it measures. The line it prints says the
measured value, the floor measured in the same run and the goal. When ``BENCH_FIGURES`` names a
file (``make bench`` sets it), the figure is also appended there as one JSON line, from which
``bench/run.py`` writes the README's table. ``make bench`` also names the database and the
command in ``BENCH_DATABASE`` and ``BENCH_COMMAND``, so a benchmark need not.

Every benchmark first calls ``compile_sources()``, so that what it times runs from bytecode
as an installed Seldinger does, not from sources compiled afresh by the first run.
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def compile_sources() -> None:
    """Write the bytecode of Seldinger's sources and the benchmarks' before anything is
    timed. A fresh checkout has none, and with ``PYTHONDONTWRITEBYTECODE`` set none is ever
    written: every fresh process would compile each module it imports (``seldinger match
    run --help`` 0.17-0.21 s instead of 0.08 s here), and without it the first run alone
    would, writing the files."""
    for folder in (ROOT / "src", ROOT / "bench"):
        if not compileall.compile_dir(folder, quiet=1):
            raise SystemExit(f"bench: {folder} does not compile")


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
