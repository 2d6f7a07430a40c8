import codecs
import sys
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from seldinger.accounts.models import User
from seldinger.caselog import transfer_export, transfer_import
from seldinger.caselog.cpt import parse as parse_cpt
from seldinger.caselog.importer import STAGES, ImportFileError, ImportReport, rejected_name
from seldinger.caselog.selectors import catalogue
from seldinger.commands import (
    ProjectCommand,
    add_actions,
    add_dry_run_option,
    add_format_option,
    parse_date,
    write_json,
)
from seldinger.errors import Invalid

#: Imports with at least this many rows show a progress bar (on a terminal).
PROGRESS_FROM_ROWS = 5000


class Command(ProjectCommand):
    help = (
        "Import a case log from CSV or XLSX, or export one as CSV, XLSX or PDF.\n\n"
        "Examples:\n"
        "  seldinger caselog import cases.csv --trainee resident --dry-run\n"
        "  seldinger caselog import cases.xlsx --trainee resident --skip-invalid --format json\n"
        "  seldinger caselog export --trainee resident --format pdf --from 2025-07-01 "
        "-o log.pdf\n\n"
        "An import is all or nothing: one invalid row and nothing is saved, and every\n"
        "bad row is listed on stderr as FILE:LINE: FIELD: REASON (the header is line 1).\n"
        "--skip-invalid saves the valid rows and writes the others, with a reason\n"
        "column, to FILE.rejected.csv beside the input. Rows already in the log are\n"
        "not added again. A CPT code naming several procedures (37243: TACE,\n"
        "radioembolization or uterine fibroid embolization) needs a choice:\n"
        "--cpt 37243=tace for every row with the code, --cpt 37243@12=radioembolization\n"
        "for the row on line 12. This is an operator tool: it imports and exports for any\n"
        "trainee."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        importing, exporting = add_actions(
            parser,
            ("import", "import cases from a CSV or XLSX file with a header row"),
            ("export", "export a trainee's log"),
        )
        importing.add_argument("file", help="a .csv or .xlsx file")
        importing.add_argument("--trainee", required=True, help="username whose log it is")
        add_dry_run_option(importing)
        importing.add_argument(
            "--skip-invalid",
            action="store_true",
            help="save the valid rows; write the invalid ones to FILE.rejected.csv",
        )
        importing.add_argument(
            "--cpt",
            action="append",
            default=[],
            metavar="CODE[@LINE]=KEY",
            help="the procedure a CPT code naming several stands for, in every row "
            "(37243=tace) or in one row (37243@12=radioembolization); repeatable",
        )
        add_format_option(importing)

        exporting.add_argument("--trainee", required=True, help="username whose log it is")
        exporting.add_argument("--format", choices=transfer_export.EXPORT_FORMATS, default="csv")
        exporting.add_argument("--from", dest="date_from", help="first case date (YYYY-MM-DD)")
        exporting.add_argument("--to", dest="date_to", help="last case date (YYYY-MM-DD)")
        exporting.add_argument(
            "-o",
            "--output",
            help="file to write (default caselog-USERNAME-TODAY.FORMAT; '-' for CSV on stdout)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        trainee = User.objects.filter(username=options["trainee"]).first()
        if trainee is None:
            raise CommandError(f"--trainee: no user named {options['trainee']!r}")
        if options["action"] == "import":
            self._import(trainee, options)
        else:
            self._export(trainee, options)

    # import ------------------------------------------------------------------------------

    def _import(self, trainee: User, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            choices = parse_cpt(options["cpt"], catalogue())
        except Invalid as error:
            raise CommandError(f"--cpt: {error.message}") from None
        with self._progress() as progress:
            try:
                result = transfer_import.import_file(
                    path=path,
                    trainee=trainee,
                    actor=None,
                    dry_run=options["dry_run"],
                    skip_invalid=options["skip_invalid"],
                    progress=progress,
                    cpt_choices=choices,
                )
            except ImportFileError as error:
                raise CommandError(error.located(str(path))) from None
        report = result.report
        for row_error in report.errors:
            self.stderr.write(row_error.located(str(path)))
        rejected = result.rejected_csv()
        if rejected is not None and report.skip_invalid and not report.dry_run:
            target = path.with_name(rejected_name(path.name))
            target.write_text(rejected, encoding="utf-8")
            report.rejected_file = str(target)
        if options["format"] == "json":
            write_json(self.stdout, report.as_dict())
        else:
            self._summary(report, str(path))
        if report.blocked:
            raise CommandError(
                f"{path}: {report.invalid} invalid row{'s' if report.invalid != 1 else ''}"
                f"{'' if report.dry_run else '; nothing saved'} (fix them, or use "
                f"--skip-invalid to save the {report.new} new valid row"
                f"{'s' if report.new != 1 else ''} only)"
            )

    def _summary(self, report: ImportReport, name: str) -> None:
        self.stdout.write(
            f"{name}: {report.rows} rows for {report.trainee}: {report.new} new, "
            f"{report.duplicate} already in the log, {report.invalid} invalid."
        )
        if report.dry_run:
            self.stdout.write("Dry run: nothing saved.")
        elif not report.blocked:
            self.stdout.write(f"Saved {report.saved} case{'s' if report.saved != 1 else ''}.")
        if report.rejected_file:
            self.stdout.write(
                f"Wrote the {report.invalid} rejected row{'s' if report.invalid != 1 else ''} "
                f"with a reason column to {report.rejected_file}."
            )

    def _progress(self) -> "_ImportProgress":
        return _ImportProgress(enabled=sys.stderr.isatty())

    # export ------------------------------------------------------------------------------

    def _export(self, trainee: User, options: dict[str, Any]) -> None:
        date_from = parse_date(options["date_from"], "--from")
        date_to = parse_date(options["date_to"], "--to")
        if date_from and date_to and date_from > date_to:
            raise CommandError(f"--from: {date_from} is after --to {date_to}")
        fmt = options["format"]
        output = options["output"]
        if output == "-" and fmt != "csv":
            raise CommandError(f"-o: only CSV goes to stdout; name a file for {fmt.upper()}")
        export = transfer_export.export_cases(
            trainee=trainee, fmt=fmt, date_from=date_from, date_to=date_to
        )
        if output == "-":
            decoder = codecs.getincrementaldecoder("utf-8-sig")()
            for chunk in export.chunks():
                self.stdout.write(decoder.decode(chunk), ending="")
            return
        target = Path(output or export.filename)
        try:
            with target.open("wb") as out:
                out.writelines(export.chunks())
        except OSError as error:
            raise CommandError(f"-o: cannot write {target} ({error.strerror})") from None
        self.stdout.write(
            f"Wrote {export.cases} case{'s' if export.cases != 1 else ''} of "
            f"{trainee.get_username()} to {target}."
        )


class _ImportProgress:
    """A rich progress bar on stderr for long imports, shown only on a terminal."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Progress | None = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> "_ImportProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        # While a file is read its number of rows is not known yet: judge by the rows so far.
        if not self.enabled or (done if total is None else total) < PROGRESS_FROM_ROWS:
            return
        if self.bar is None:
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=cast(IO[str], sys.stderr)),
                transient=True,
            )
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(STAGES.get(stage, stage), total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)
