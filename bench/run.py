"""Run every benchmark once and write the README's performance table from that one run.

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --quick         # small sizes, a smoke test; README untouched
    .venv/bin/python bench/run.py --only pages    # one benchmark; README untouched

Benchmarks that use a database run on SQLite and, when PostgreSQL answers at
``BENCH_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432/seldinger_bench``),
on PostgreSQL too (the load and import-job benchmarks on PostgreSQL only); each creates
and drops its own database. Every figure is printed as it is measured, beside its floor,
and collected; a full run then replaces the table between
the ``bench:start`` and ``bench:end`` markers in README.md, naming the machine and the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/seldinger_bench"


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: str
    uses_database: bool = False
    #: Runs on PostgreSQL only (skipped when none answers).
    postgres_only: bool = False


BENCHMARKS = (
    Benchmark("startup", "startup.py"),
    Benchmark("match_national", "match_national.py"),
    Benchmark("match_vs_matching", "match_vs_matching.py"),
    Benchmark("workhours", "workhours.py"),
    Benchmark("scheduling", "scheduling.py"),
    Benchmark("import_cases", "import_cases.py", uses_database=True),
    Benchmark("dose_import", "dose_import.py", uses_database=True),
    Benchmark("api_lists", "api_lists.py", uses_database=True),
    Benchmark("pages", "pages.py", uses_database=True),
    Benchmark("load", "load.py", uses_database=True, postgres_only=True),
    Benchmark("import_job", "import_job.py", uses_database=True, postgres_only=True),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes; README untouched")
    parser.add_argument("--only", nargs="+", choices=[b.name for b in BENCHMARKS])
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    options = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from figures import compile_sources

    compile_sources()  # once for all (each benchmark checks again, finding nothing to do)
    postgres = None if options.no_postgres else _postgres_url()
    chosen = [b for b in BENCHMARKS if not options.only or b.name in options.only]
    print(_machine(postgres), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        collected = Path(folder) / "figures.jsonl"
        failed = []
        for benchmark in chosen:
            targets: list[tuple[str, str | None]] = [("", None)]
            if benchmark.uses_database:
                targets = [("SQLite", None)] + ([("PostgreSQL", postgres)] if postgres else [])
                if benchmark.postgres_only:
                    targets = targets[1:]
                    if not targets:
                        print(f"\n== {benchmark.name}: skipped, it needs PostgreSQL", flush=True)
            for database, url in targets:
                if not _run(benchmark, database, url, collected, quick=options.quick):
                    failed.append(f"{benchmark.name} {database}".strip())
        records = (
            [json.loads(line) for line in collected.read_text().splitlines()]
            if collected.exists()
            else []
        )
    table = _table(records, _machine(postgres))
    print("\n" + table)
    if failed:
        sys.exit(f"bench: failed: {', '.join(failed)}; README untouched")
    if options.quick or options.only:
        return
    _write_readme(table)
    print(f"\nREADME.md: performance table replaced ({len(records)} figures)")


def _run(
    benchmark: Benchmark, database: str, url: str | None, collected: Path, *, quick: bool
) -> bool:
    command = [sys.executable, str(HERE / benchmark.script)] + (["--quick"] if quick else [])
    shown = f".venv/bin/python bench/{benchmark.script}"
    env = {**os.environ, "BENCH_FIGURES": str(collected), "BENCH_DATABASE": database}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
        shown = f"DATABASE_URL=postgres://… {shown}"
    env["BENCH_COMMAND"] = shown
    print(
        f"\n== {benchmark.name}{f' on {database}' if database else ''}: {shlex.join(command)}",
        flush=True,
    )
    return subprocess.run(command, env=env, cwd=ROOT).returncode == 0


def _postgres_url() -> str | None:
    url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    try:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return url
    except Exception as exc:  # no PostgreSQL here: the SQLite figures still stand
        print(f"bench: PostgreSQL not reachable at {url} ({exc}); SQLite only")
        return None


def _machine(postgres: str | None) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    parts = [
        f"{cpu}, {os.cpu_count()} cores",
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if postgres:
        parts.append(f"PostgreSQL {_postgres_version(postgres)}")
    return "; ".join(parts)


def _postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres") as connection:
        return str(connection.execute("show server_version").fetchone()[0]).split()[0]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _table(records: list[dict[str, object]], machine: str) -> str:
    lines = [
        f"One `make bench` run on {dt.date.today().isoformat()}: {machine}; "
        f"load average at the end {os.getloadavg()[0]:.2f}. "
        "Each floor is measured in the same run.",
        "",
        "| figure | database | measured | floor | x floor | goal | command |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in records:
        unit = str(r["unit"])
        floor = r["floor"]
        ratio = f"{float(r['measured']) / float(floor):.2f}" if floor else ""  # type: ignore[arg-type]
        floor_text = f"{_value(floor, unit)} ({r['floor_label']})" if floor is not None else ""
        lines.append(
            f"| {r['label']} | {r['database'] or '-'} | {_value(r['measured'], unit)} | "
            f"{floor_text} | {ratio} | {r['goal']} | `{r['command']}` |"
        )
    return "\n".join(lines)


def _value(value: object, unit: str) -> str:
    number = float(value)  # type: ignore[arg-type]
    if unit == "s":
        return f"{number:.2f} s" if number >= 0.1 else f"{number * 1000:.0f} ms"
    if unit == "ms":
        return f"{number:.1f} ms"
    if unit == "x":
        return f"{number:.1f}x"
    return f"{number:g} {unit}"


def _write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        sys.exit(f"bench: README.md has no {START} … {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
