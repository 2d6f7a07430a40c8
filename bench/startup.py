"""Benchmark: how fast the ``seldinger`` command starts, each run a fresh process.

    .venv/bin/python bench/startup.py             # median of 10 runs each
    .venv/bin/python bench/startup.py --runs 30
    .venv/bin/python bench/startup.py --quick     # 3 runs each, a smoke test

Times the console script's help for the overview and the commands that need no database
(``seldinger --help``, ``match run --help``, ``hours check --help``, ``plan --help``) beside
the floor measured in the same run: ``python -c pass`` (the interpreter alone); and, for
scale, ``python -c "import seldinger.match.solve"`` (the match engine's import). The runs
take turns, command after command, so a burst of load on the machine falls on all of them.
Goal: each under 0.15 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import compile_sources, figure

HERE = Path(__file__).resolve().parent
SELDINGER = str(Path(sys.executable).with_name("seldinger"))
GOAL = "< 0.15 s"
FLOOR = "python -c pass"
COMMANDS = {
    "seldinger --help": [SELDINGER, "--help"],
    "seldinger match run --help": [SELDINGER, "match", "run", "--help"],
    "seldinger hours check --help": [SELDINGER, "hours", "check", "--help"],
    "seldinger plan --help": [SELDINGER, "plan", "--help"],
}
ENGINE = 'python -c "import seldinger.match.solve"'
FLOORS = {
    FLOOR: [sys.executable, "-c", "pass"],
    ENGINE: [sys.executable, "-c", "import seldinger.match.solve"],
}


def timed(command: list[str], folder: str) -> float:
    """The wall time of one fresh process running ``command``."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(HERE.parent / "src"),
        "SELDINGER_VAR_DIR": folder,
        "DATABASE_URL": f"sqlite:///{folder}/startup.sqlite3",
    }
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=folder, env=environment)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each (median; default 10)")
    parser.add_argument("--quick", action="store_true", help="3 runs of each: a smoke test")
    options = parser.parse_args()
    compile_sources()
    runs = 3 if options.quick else options.runs
    print(
        f"Seldinger start-up benchmark: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, median of {runs} runs"
    )
    every = {**FLOORS, **COMMANDS}
    times: dict[str, list[float]] = {label: [] for label in every}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for label, command in every.items():
                times[label].append(timed(command, folder))
    median = {label: statistics.median(values) for label, values in times.items()}
    floor = median[FLOOR]
    print(f"{FLOOR}: {floor:.3f} s (the floor)")
    figure(
        "startup",
        ENGINE,
        median[ENGINE],
        floor=floor,
        floor_label=FLOOR,
        command=ENGINE,
    )
    for label in COMMANDS:
        figure(
            "startup",
            label,
            median[label],
            floor=floor,
            floor_label=FLOOR,
            goal=GOAL,
            command=label,
        )


if __name__ == "__main__":
    main()
