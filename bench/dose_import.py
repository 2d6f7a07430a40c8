"""Benchmark: import N generated dose reports (DICOM RDSR), beside pydicom merely reading them.

    .venv/bin/python bench/dose_import.py                # 10,000 reports, SQLite in a temp dir
    .venv/bin/python bench/dose_import.py --quick        # 500 reports, a smoke test
    DATABASE_URL=postgres://user@127.0.0.1:5432/seldinger .venv/bin/python bench/dose_import.py

The reports are real RDSR files written with pydicom (``seldinger.dose.synthetic``) across the
four layouts, single-plane and biplane, each naming one of 40 trainees as the suite records
them (one in ten names no one). Measured in one run, on the same folder:

- the floor: each file read from disk and parsed by ``pydicom.dcmread``, nothing else;
- the import, as ``seldinger dose import FOLDER`` does it: read, the totals per plane and their
  check against the events, the trainee matched by name, the procedure suggested, the
  duplicate check, and the draft cases and their audit entries written in one transaction.

The goal is within 2x of the floor; files/s is printed for both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from database import bench_database
from figures import compile_sources, figure

COMMAND = ".venv/bin/python bench/dose_import.py"
TRAINEES = 40
DESCRIPTIONS = ("Renal angiogram", "Angiography lower extremity", "TIPS", "Exam Protocol SR", "")


def write_reports(folder: Path, count: int) -> None:
    from seldinger.dose import synthetic

    layouts = sorted(synthetic.LAYOUTS)
    for number in range(count):
        trainee = number % (TRAINEES + TRAINEES // 9)
        staff = (f"TRAINEE{trainee:02d}^BENCH", "ATTENDING^ANN")
        fields = {
            "layout": layouts[number % len(layouts)],
            "staff": staff,
            "study_date": dt.date(2025, 1, 1) + dt.timedelta(days=number % 365),
            "description": DESCRIPTIONS[number % len(DESCRIPTIONS)],
            "patient_name": f"PATIENT{number}^SYNTHETIC",
            "patient_id": f"MRN{number:07d}",
        }
        if number % 3 == 0:
            study = synthetic.biplane(**fields)
        else:
            events = tuple(
                synthetic.Event("single", Decimal(5 + e), Decimal(30 + e), Decimal(60))
                for e in range(1 + number % 6)
            )
            study = synthetic.Study(events=events, **fields)  # type: ignore[arg-type]
        (folder / f"{number:06d}.dcm").write_bytes(synthetic.to_bytes(synthetic.build(study)))


def make_trainees() -> None:
    from seldinger.accounts.appointments import appoint
    from seldinger.accounts.models import User
    from seldinger.dose.models import SuiteName
    from seldinger.programs.models import Program

    program = Program.objects.create(
        acgme_id="BENCH-DOSE",
        name="Bench dose program",
        kind=Program.Kind.INTEGRATED_IR,
        institution="Bench",
        city="Bench",
        state="MN",
        is_synthetic=True,
    )
    for number in range(TRAINEES):
        user = User.objects.create_user(
            username=f"trainee{number:02d}",
            role="resident",
            first_name="Bench",
            last_name=f"Trainee{number:02d}",
        )
        appoint(user=user, program=program, kind="trainee", start_date=dt.date(2024, 7, 1))
        SuiteName.objects.create(trainee=user, form=f"TRAINEE{number:02d}^BENCH")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="500 reports")
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.reports = 500
    folder = Path(tempfile.mkdtemp(prefix="seldinger-dose-bench-"))
    try:
        with bench_database() as database:
            import pydicom

            from seldinger.dose import files, services
            from seldinger.dose.models import DoseStudy

            write_reports(folder, options.reports)
            make_trainees()
            paths = sorted(folder.iterdir())

            start = time.perf_counter()
            for path in paths:
                pydicom.dcmread(path)
            floor = time.perf_counter() - start

            start = time.perf_counter()
            results = services.import_reports(
                files.on_disk([str(folder)], services.limits()),
                destination=services.destination_for(None),
                source=DoseStudy.Source.COMMAND,
                actor=None,
            )
            measured = time.perf_counter() - start

            statuses = {status: 0 for status in ("draft", "unassigned", "duplicate", "rejected")}
            for result in results:
                statuses[result.status] += 1
            assert statuses["rejected"] == 0, statuses
            assert DoseStudy.objects.count() == options.reports
            n = options.reports
            print(
                f"{n} reports: {statuses['draft']} drafts, {statuses['unassigned']} unassigned; "
                f"pydicom read {n / floor:,.0f} files/s, import {n / measured:,.0f} files/s",
                flush=True,
            )
            figure(
                "dose_import",
                f"import {n:,} dose reports",
                measured,
                floor=floor,
                floor_label="pydicom.dcmread of each file",
                goal="within 2x of the floor",
                database=database,
                command=COMMAND,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
