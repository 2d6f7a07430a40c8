"""Benchmark: a year's rotation and call schedule for 30 residents, then its work-hour check.

    .venv/bin/python bench/scheduling.py
    .venv/bin/python bench/scheduling.py --quick     # the first 8 weeks only

Runs the real commands on the seeded program committed beside this file
(bench/scheduling-program.json, written by bench/scheduling_spec.py: 13 four-week
blocks, 8 rotations, nightly in-house call for 2 residents, weekend and holiday day
call, 60 vacation requests):

    seldinger schedule solve bench/scheduling-program.json --time-limit 45 --format json -o S
    seldinger hours check --planned S --format json

and prints the solve's wall time (goal: a schedule with zero hard-rule violations in
under 60 s on 2 cores), its objective, bound and the fairness spread per PGY, and the
work-hour checker's violations of the same shifts (goal: none). Fails (exit 1) when no
schedule is found or the checker finds a violation.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import compile_sources, figure

HERE = Path(__file__).resolve().parent
PROGRAM = HERE / "scheduling-program.json"
SELDINGER = str(Path(sys.executable).parent / "seldinger")


def quick_program(folder: Path) -> Path:
    """The committed program cut to its first two blocks (requests inside them kept, no
    yearly pathway minimum)."""
    data = json.loads(PROGRAM.read_text())
    data["blocks"] = 2
    data["rules"].pop("pathways")  # a year's minimum of IR blocks does not fit in two
    last = "2027-08-29"
    for resident in data["residents"]:
        resident["requests"] = [r for r in resident["requests"] if r["to"] <= last]
    path = folder / "quick-program.json"
    path.write_text(json.dumps(data))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first two blocks only")
    parser.add_argument("--time-limit", type=float, help="seconds (default 45; 10 --quick)")
    options = parser.parse_args()
    options.time_limit = options.time_limit or (10 if options.quick else 45)
    compile_sources()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        program = quick_program(folder) if options.quick else PROGRAM
        spec = json.loads(program.read_text())
        schedule = folder / "schedule.json"
        started = time.perf_counter()
        solving = subprocess.run(
            [
                SELDINGER,
                "schedule",
                "solve",
                str(program),
                "--time-limit",
                f"{options.time_limit:g}",
                "--format",
                "json",
                "-o",
                str(schedule),
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        if solving.returncode != 0:
            sys.exit(f"bench: schedule solve failed: {solving.stderr.strip()}")
        result = json.loads(schedule.read_text())
        checking = subprocess.run(
            [SELDINGER, "hours", "check", "--planned", str(schedule), "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
        )
    violations = json.loads(checking.stdout)["violations"]
    requests = sum(len(r["requests"]) for r in spec["residents"])
    print(
        f"{len(result['rotations'])} residents, {spec['blocks']} blocks, "
        f"{len(spec['rotations'])} rotations, {requests} vacation requests: "
        f"{result['status']}, objective {result['objective']:g}, bound {result['bound']:g}, "
        f"{len(result['shifts']):,} shifts"
    )
    for pgy, measures in result["fairness"].items():
        spreads = ", ".join(
            f"{m} {f['min']}-{f['max']} (spread {f['spread']})" for m, f in measures.items()
        )
        print(f"  fairness {pgy}: {spreads}")
    missed = [p for p in result["penalties"] if p["rule"] == "request"]
    print(f"  vacation requests not granted: {len(missed)}")
    print(f"  hours check --planned: {len(violations)} violation(s)")
    figure(
        "scheduling",
        f"schedule solve, {len(result['rotations'])} residents x {spec['blocks']} blocks "
        f"(objective {result['objective']:g}, bound {result['bound']:g})",
        seconds,
        goal="< 60 s, 0 violations",
    )
    if violations:
        sys.exit(f"bench: the work-hour checker found {len(violations)} violation(s)")


if __name__ == "__main__":
    main()
