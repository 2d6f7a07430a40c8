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

Timed, median of ``--runs``:

* Seldinger, the whole of its work: ``parse_instance`` (checks, ids to ints) + ``run_match``
  (deferred acceptance and the verification of the result), from the instance dict;
* matching: building its players from the same dict (``_make_players``) + ``solve``.
  ``HospitalResident(...)`` itself is bypassed: it deep-copies every player and checks the
  inputs in quadratic time, which takes minutes at these sizes; counting it would only make
  Seldinger look faster.

This comparison lives in bench/ and the tests only; the product never imports ``matching``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from figures import figure  # noqa: E402

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


def solve_with_matching(
    residents: dict[str, list[str]], hospitals: dict[str, list[str]], capacity: dict[str, int]
) -> dict[str, str | None]:
    """Resident-optimal matching from ``matching`` (applicant id -> program id or None)."""
    from matching.games import HospitalResident
    from matching.games.hospital_resident import _make_players

    players, programs = _make_players(residents, hospitals, capacity)
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


def compare(applicants: int, seed: int, runs: int) -> tuple[float, float, bool]:
    instance = generate_instance(
        applicants=applicants, seed=seed, couples=0, supplemental=False, reversion_share=0.0
    )
    ours_times, theirs_times = [], []
    ours: dict[str, str | None] = {}
    theirs: dict[str, str | None] = {}
    for _ in range(runs):
        started = time.perf_counter()
        result = run_match(parse_instance(instance))
        ours_times.append(time.perf_counter() - started)
        ours = {a: p for a, p in result.matches.items() if p is not None}
        started = time.perf_counter()
        theirs = solve_with_matching(*mutual_preferences(instance))
        theirs_times.append(time.perf_counter() - started)
    same = ours == theirs and result.stable
    return statistics.median(ours_times), statistics.median(theirs_times), same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 8_000, 20_000])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median)")
    parser.add_argument("--quick", action="store_true", help="500 and 1,000 applicants, 1 run")
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = [500, 1_000], 1
    print(
        f"Seldinger vs matching {_version()}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"seed {options.seed}, median of {options.runs}"
    )
    all_same = True
    for size in options.sizes:
        ours, theirs, same = compare(size, options.seed, options.runs)
        all_same &= same
        figure(
            "match_vs_matching",
            f"vs matching, {size:,} applicants: Seldinger {ours:.3f} s, matching {theirs:.3f} s, "
            f"same matching: {'yes' if same else 'NO'}",
            theirs / ours,
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
