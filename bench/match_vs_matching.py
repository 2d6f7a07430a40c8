"""Benchmark: Seldinger's match engine against the ``matching`` package (PyPI), same instances.

    .venv/bin/python bench/match_vs_matching.py                 # 2,000, 8,000 and 20,000 applicants
    .venv/bin/python bench/match_vs_matching.py --sizes 500 2000 --seed 3
    .venv/bin/python bench/match_vs_matching.py --quick         # 500 and 1,000, a smoke test

Instances come from ``seldinger.match.generator`` without couples, supplemental lists or
reversion (the hospital/residents problem both solve). ``matching.games.HospitalResident``
needs consistent preference lists, so its input keeps only mutual ranks (a program ranks
only applicants who rank it and the other way round) and leaves out applicants and programs
with nothing left. Both must give the same applicant-optimal (resident-optimal) matching;
the script checks that and reports how many times faster Seldinger is (goal: 20x at 8,000).

Timed, turn about, median of ``--runs``:

* Seldinger, the whole process: a fresh Python running ``seldinger match run FILE -o RESULT``
  (start Python, read the instance JSON, check and number it, match, verify, write the
  result, exit), timed from outside; its result file gives the matching compared;
* matching: its construction and solve, in this process (Python started, the package
  imported, its input in memory: all in its favour): building its players from the
  preference dicts (``_make_players``) and ``solve``. The mutual preference dicts are
  prepared untimed. ``HospitalResident(...)`` itself is bypassed: it deep-copies every
  player (which overflows the recursion limit at 8,000 applicants) and checks the inputs in
  quadratic time; counting it would only make Seldinger look faster.

For comparison it also prints Seldinger's own work in this process (``parse_instance`` and
``run_match``, from the parsed dict), beside the same figure for matching.

This comparison lives in bench/ and the tests only; the product never imports ``matching``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from figures import compile_sources, figure  # noqa: E402

from seldinger.match.generator import generate_instance  # noqa: E402
from seldinger.match.parse import parse_instance  # noqa: E402
from seldinger.match.solve import run_match  # noqa: E402


def mutual_preferences(
    instance: dict[str, Any],
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """The instance as HospitalResident wants it: mutual ranks only, nobody left empty."""
    ranked_by = {p["id"]: set(p.get("rank_list", [])) for p in instance["programs"]}
    ranks = {a["id"]: set(a.get("rank_list", [])) for a in instance["applicants"]}
    capacity = {p["id"]: p["positions"] for p in instance["programs"]}
    residents = {
        a["id"]: [p for p in a.get("rank_list", []) if a["id"] in ranked_by[p] and capacity[p] > 0]
        for a in instance["applicants"]
    }
    residents = {r: prefs for r, prefs in residents.items() if prefs}
    hospitals = {
        p["id"]: [a for a in p.get("rank_list", []) if a in residents and p["id"] in ranks[a]]
        for p in instance["programs"]
    }
    hospitals = {h: prefs for h, prefs in hospitals.items() if prefs and capacity[h] > 0}
    return residents, hospitals, {h: capacity[h] for h in hospitals}


Prepared = tuple[list[Any], list[Any]]


def prepare_matching(
    residents: dict[str, list[str]], hospitals: dict[str, list[str]], capacity: dict[str, int]
) -> Prepared:
    """Build the ``matching`` package's players (its construction)."""
    from matching.games.hospital_resident import _make_players

    players, programs = _make_players(residents, hospitals, capacity)
    return players, programs


def solve_with_matching(prepared: Prepared) -> dict[str, str | None]:
    """Resident-optimal matching from ``matching`` (applicant id -> program id or None)."""
    from matching.games import HospitalResident

    players, programs = prepared
    game = HospitalResident.__new__(HospitalResident)  # skip the deep copy and quadratic checks
    game.residents, game.hospitals, game.clean = players, programs, False
    game._all_residents, game._all_hospitals = players, programs
    game.matching = game.blocking_pairs = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matching = game.solve(optimal="resident")
    found: dict[str, str | None] = {}
    for hospital, matched in matching.items():
        for resident in matched:
            found[resident.name] = hospital.name
    return found


#: ``seldinger match run FILE -o RESULT``, as the console script runs it.
WHOLE = "import sys; from seldinger.cli import main; main(sys.argv[1:])"


def _whole_process(path: Path, result: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", WHOLE, "match", "run", str(path), "-o", str(result)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
    )
    return time.perf_counter() - started


def compare(applicants: int, seed: int, runs: int) -> dict[str, Any]:
    instance = generate_instance(
        applicants=applicants, seed=seed, couples=0, supplemental=False, reversion_share=0.0
    )
    preferences = mutual_preferences(instance)
    wholes, ours_in_process, theirs_times = [], [], []
    theirs: dict[str, str | None] = {}
    with tempfile.TemporaryDirectory() as folder:
        path, result_path = Path(folder) / "instance.json", Path(folder) / "result.json"
        path.write_text(json.dumps(instance, separators=(",", ":")), encoding="utf-8")
        for _ in range(runs):  # turn about, so both see the same machine
            wholes.append(_whole_process(path, result_path))
            started = time.perf_counter()
            result = run_match(parse_instance(instance))
            ours_in_process.append(time.perf_counter() - started)
            started = time.perf_counter()
            theirs = solve_with_matching(prepare_matching(*preferences))
            theirs_times.append(time.perf_counter() - started)
        printed = json.loads(result_path.read_text(encoding="utf-8"))
    ours = {a: p for a, p in printed["matches"].items() if p is not None}
    same = ours == theirs and printed["stable"] and result.matches == printed["matches"]
    return {
        "whole": statistics.median(wholes),
        "in_process": statistics.median(ours_in_process),
        "theirs": statistics.median(theirs_times),
        "same": same,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 8_000, 20_000])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median)")
    parser.add_argument("--quick", action="store_true", help="500 and 1,000 applicants, 1 run")
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.sizes, options.runs = [500, 1_000], 1
    print(
        f"Seldinger vs matching {_version()}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"seed {options.seed}, median of {options.runs}"
    )
    all_same = True
    for size in options.sizes:
        found = compare(size, options.seed, options.runs)
        all_same &= found["same"]
        print(
            f"{size:,} applicants: Seldinger's work in this process {found['in_process']:.3f} s "
            f"({found['theirs'] / found['in_process']:.1f}x faster than matching)"
        )
        figure(
            "match_vs_matching",
            f"vs matching, {size:,} applicants: Seldinger's whole process "
            f"{found['whole']:.3f} s, matching's construction and solve "
            f"{found['theirs']:.3f} s, same matching: {'yes' if found['same'] else 'NO'}",
            found["theirs"] / found["whole"],
            unit="x",
            goal=">= 20x",
            command=".venv/bin/python bench/match_vs_matching.py",
        )
    if not all_same:
        sys.exit("the matchings differ")


def _version() -> str:
    from importlib.metadata import version

    return version("matching")


if __name__ == "__main__":
    main()
