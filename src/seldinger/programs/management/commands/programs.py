from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from seldinger.commands import (
    ProjectCommand,
    add_actions,
    add_dry_run_option,
    add_format_option,
    write_json,
)
from seldinger.programs import csvio, services
from seldinger.programs.models import Program
from seldinger.tabular import FileError


class Command(ProjectCommand):
    help = (
        "Import programs into the directory from CSV, or export the directory as CSV.\n\n"
        "Examples:\n"
        "  seldinger programs import programs.csv --dry-run\n"
        "  seldinger programs import programs.csv --format json\n"
        "  seldinger programs export -o programs.csv\n\n"
        "An import creates new programs and updates existing ones by ACGME ID; columns\n"
        "the file leaves out keep their values. It is all or nothing: one bad cell and\n"
        "nothing is saved, and every bad cell is listed on stderr as FILE:LINE: COLUMN:\n"
        "REASON (the header is line 1). An export has every column and imports unchanged.\n"
        "This is an operator tool: the import is not limited to one program."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        importing, exporting = add_actions(
            parser,
            ("import", "create or update programs from a CSV file"),
            ("export", "write every program as CSV"),
        )
        importing.add_argument("file", help="a .csv file with a header row")
        add_dry_run_option(importing)
        add_format_option(importing)
        exporting.add_argument(
            "-o", "--output", default="-", help="file to write (default '-': stdout)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(Path(options["file"]), options)
        else:
            self._export(options["output"])

    def _import(self, path: Path, options: dict[str, Any]) -> None:
        name = str(path)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{name}: cannot read the file ({error.strerror})") from None
        try:
            report = services.import_programs(
                actor=None, content=content, dry_run=options["dry_run"]
            )
        except FileError as error:
            raise CommandError(error.located(name)) from None
        for line in report.error_lines(name):
            self.stderr.write(line)
        if options["format"] == "json":
            write_json(self.stdout, report.as_dict(name))
        else:
            self.stdout.write(
                f"{name}: {report.rows} row{'s' if report.rows != 1 else ''}: "
                f"{report.created} new, {report.updated} changed, {report.unchanged} unchanged."
            )
            if report.saved:
                saved = report.created + report.updated
                self.stdout.write(
                    f"Saved {saved} program{'s' if saved != 1 else ''}."
                    if saved
                    else "Nothing to change."
                )
            elif report.dry_run and not report.errors:
                self.stdout.write("Dry run: nothing saved.")
        if report.errors:
            count = len(report.errors)
            raise CommandError(f"{name}: {count} error{'s' if count != 1 else ''}; nothing saved")

    def _export(self, output: str) -> None:
        text = csvio.export_csv(Program.objects.order_by("name", "acgme_id"))
        if output == "-":
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {Program.objects.count()} programs to {output}.")
