"""Benchmark: a national-scale match, shaped like the 2025 NRMP Main Residency Match.

    .venv/bin/python bench/match_national.py                    # 47,208 applicants, 1,200 couples
    .venv/bin/python bench/match_national.py --seeds 1 2 3      # several generated instances
    .venv/bin/python bench/match_national.py --instance my.json # an instance you have
    .venv/bin/python bench/match_national.py --quick            # 5,000 applicants, a smoke test

Generates (not timed) an instance with ``seldinger.match.generator`` (about 47,000 applicants
who rank 10-15 programs, 6,600 programs, 43,000 positions, advanced programs with
supplemental lists, reversion links, 1,200 couples ranking pairs in one region) and writes it
to a temporary JSON file. Then, turn about in the same run, it times three fresh processes:

* the whole match: ``seldinger match run FILE -o RESULT`` (the command line's ``main``): start
  Python, read the JSON, check and number the instance, match (with the verification of the
  result), write the result JSON and the summary, exit;
* the floor: ``python -c`` that only ``json.load``\\ s the same file;
* the same work with a clock between its phases (the match modules only, no command line),
  which reports them and its peak RSS (``resource.getrusage``).

One more run traces the peak of Python allocations (``tracemalloc`` slows everything down).

Goal: the whole process within 2x of the floor.
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
from pathlib import Path

from figures import compile_sources, figure

HERE = Path(__file__).resolve().parent
NAME = "match_national"
COMMAND = ".venv/bin/python bench/match_national.py"

FLOOR = "import json, sys; json.load(open(sys.argv[1]))"
#: ``seldinger match run FILE -o RESULT``, as the console script runs it.
WHOLE = "import sys; from seldinger.cli import main; main(sys.argv[1:])"

# The same work with a clock between its phases: the match modules only, no command line.
CHILD = r"""
import time
started = time.perf_counter()
import json, resource, sys, tracemalloc
trace = sys.argv[3] == "trace"
if trace:
    tracemalloc.start()
from seldinger.match.instance import dump_json, gc_paused, read_json
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match

def main():
    t0 = time.perf_counter()
    with gc_paused():
        data = read_json(sys.argv[1])
        t1 = time.perf_counter()
        instance = parse_instance(data)
        t2 = time.perf_counter()
        result = run_match(instance)
        t3 = time.perf_counter()
        with open(sys.argv[2], "wb") as out:
            out.write(dump_json(result.as_dict()))
        t4 = time.perf_counter()
    figures = {
        "start": t0 - started, "read": t1 - t0, "check": t2 - t1, "match": t3 - t2,
        "write": t4 - t3, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stable": result.stable, "stats": result.stats,
    }
    if trace:
        figures["traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps(figures))

main()
"""


def generate(path: Path, *, applicants: int, couples: int, seed: int) -> float:
    from seldinger.match.generator import generate_instance

    started = time.perf_counter()
    instance = generate_instance(applicants=applicants, seed=seed, couples=couples)
    path.write_text(json.dumps(instance, separators=(",", ":")), encoding="utf-8")
    return time.perf_counter() - started


def _process(*args: str) -> tuple[float, str]:
    """Wall time of a fresh Python process, and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
    )
    return time.perf_counter() - started, done.stdout


def report(name: str, path: Path, runs: int) -> None:
    wholes: list[float] = []
    floors: list[float] = []
    phases: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        result_path = str(Path(folder) / "result.json")
        for _ in range(runs):  # turn about, so all see the same machine
            floors.append(_process("-c", FLOOR, str(path))[0])
            wholes.append(_process("-c", WHOLE, "match", "run", str(path), "-o", result_path)[0])
            phases.append(json.loads(_process("-c", CHILD, str(path), result_path, "plain")[1]))
        traced = json.loads(_process("-c", CHILD, str(path), result_path, "trace")[1])
    last = phases[-1]
    stats = last["stats"]
    assert isinstance(stats, dict)
    size = path.stat().st_size / 2**20
    print(f"\n{name}: {size:.1f} MB of JSON")
    print(
        f"  instance   {stats['applicants']} applicants, {stats['programs']} programs, "
        f"{stats['positions']} positions, {stats['couples']} couples"
    )
    print(
        f"  outcome    matched {stats['matched']} "
        f"({100 * stats['matched'] / stats['applicants']:.1f}%), "
        f"filled {stats['filled']} of {stats['positions']} "
        f"({100 * stats['filled'] / stats['positions']:.1f}%), couples matched "
        f"{stats.get('couples_matched', 0)}, supplemental {stats['supplemental_matched']}, "
        f"reversions {len(stats['reversions'])}"
    )
    print(
        f"  stable     {'yes' if last['stable'] else 'NO'} (attempts {stats['attempts']}, "
        f"re-applications {stats['reapplications']}, proposals {stats['proposals']})"
        + ("" if last["stable"] else f"\n             {stats['reason']}")
    )
    print(
        f"  runs       whole {', '.join(f'{x:.2f}' for x in wholes)} s; "
        f"floor {', '.join(f'{x:.2f}' for x in floors)} s"
    )
    figure(
        NAME,
        f"national match {name}, whole process of seldinger match run "
        "(read, check, match, verify, write)",
        statistics.median(wholes),
        floor=statistics.median(floors),
        floor_label="python -c json.load of the same file",
        goal="within 2x of the floor",
        command=COMMAND,
    )
    for phase, words in [
        ("start", "start-up and imports"),
        ("read", "reading the JSON"),
        ("check", "checking and numbering the instance"),
        ("match", "matching and verifying"),
        ("write", "writing the result JSON"),
    ]:
        seconds = statistics.median(float(p[phase]) for p in phases)  # type: ignore[arg-type]
        figure(NAME, f"national match {name}: {words}", seconds, command=COMMAND)
    rss = statistics.median(float(p["rss_mb"]) for p in phases)  # type: ignore[arg-type]
    figure(NAME, f"national match {name}: peak RSS", round(rss), unit="MB", command=COMMAND)
    figure(
        NAME,
        f"national match {name}: peak Python allocations (tracemalloc)",
        round(float(traced["traced_mb"])),
        unit="MB",
        command=COMMAND,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=47_208)
    parser.add_argument("--couples", type=int, default=1_200)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2025])
    parser.add_argument("--runs", type=int, default=5, help="runs of each process (median)")
    parser.add_argument("--instance", type=Path, help="time this instance instead")
    parser.add_argument("--quick", action="store_true", help="5,000 applicants, 2 runs")
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.applicants, options.couples, options.runs = 5_000, 100, 2
    sys.path.insert(0, str(HERE.parent / "src"))
    print(
        f"Seldinger national match benchmark: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; median of "
        f"{options.runs} runs"
    )
    if options.instance:
        report(str(options.instance), options.instance, options.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        for seed in options.seeds:
            path = Path(folder) / f"national-{seed}.json"
            took = generate(path, applicants=options.applicants, couples=options.couples, seed=seed)
            print(f"\ngenerated seed {seed} in {took:.1f} s (not timed below)")
            report(f"seed {seed}", path, options.runs)


if __name__ == "__main__":
    main()
