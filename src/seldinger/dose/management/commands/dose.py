from typing import Any

from django.core.management.base import CommandError, CommandParser

from seldinger.accounts.models import User
from seldinger.commands import (
    ProjectCommand,
    add_actions,
    add_format_option,
    console,
    table,
    write_json,
)
from seldinger.dose import files, services
from seldinger.dose.models import DoseStudy
from seldinger.programs.models import Program


class Command(ProjectCommand):
    help = (
        "Import X-ray radiation dose reports (DICOM RDSR) as draft cases for their trainees.\n\n"
        "Examples:\n"
        "  seldinger dose import reports/ --format json\n"
        "  seldinger dose import study.dcm more.zip --trainee resident\n\n"
        "PATH may be a file, a folder (every file under it) or a zip. Each study becomes\n"
        "a draft case for the trainee whose name, as the suite records it, the trainee\n"
        "lists (--trainee gives them all to one trainee); a study no one's names match\n"
        "goes to the inbox of --program (by id), or the administrators'. A file that is\n"
        "not a fluoroscopy dose report is rejected with its reason and the others go on;\n"
        "a study imported before is a duplicate. Nothing identifying the patient is kept\n"
        "(docs/dose.md). The exit status is 1 when any file was rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        (importing,) = add_actions(
            parser, ("import", "import dose reports from files, folders and zips")
        )
        importing.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or zip")
        importing.add_argument("--trainee", help="username whose drafts every study becomes")
        importing.add_argument(
            "--program", type=int, help="id of the program whose inbox takes unmatched studies"
        )
        add_format_option(importing)

    def handle(self, *args: Any, **options: Any) -> None:
        trainee = None
        if options["trainee"]:
            trainee = User.objects.filter(username=options["trainee"], is_active=True).first()
            if trainee is None:
                raise CommandError(f"--trainee: no active user named {options['trainee']!r}")
        program = None
        if options["program"] is not None:
            program = Program.objects.filter(pk=options["program"]).first()
            if program is None:
                raise CommandError(f"--program: no program with id {options['program']}")
        destination = services.destination_for(None, trainee=trainee, program=program)
        results = services.import_reports(
            files.on_disk(options["paths"], services.limits()),
            destination=destination,
            source=DoseStudy.Source.COMMAND,
            actor=None,
        )
        if options["format"] == "json":
            write_json(self.stdout, [result.as_dict() for result in results])
            self.stdout.write("")
        else:
            self._table(results)
        rejected = [result for result in results if result.status == "rejected"]
        for result in rejected:
            self.stderr.write(f"{result.file}: {result.reason}")
        if rejected:
            raise CommandError(
                f"{len(rejected)} of {len(results)} file{'s' if len(results) != 1 else ''} "
                "rejected; the others were imported"
            )

    def _table(self, results: list[services.StudyResult]) -> None:
        def cell(value: Any, unit: str = "") -> str:
            return "" if value is None else f"{value:g}{unit}"

        rows = []
        for result in results:
            data = result.as_dict()
            rows.append(
                [
                    result.file,
                    data["study_date"] or "",
                    data["device"] or "",
                    cell(data["dap_total_gycm2"]),
                    cell(data["rp_air_kerma_mgy"]),
                    cell(data["fluoro_time_s"]),
                    str(len(data["planes"])),
                    result.status,
                    result.reason,
                ]
            )
        columns = (
            "file",
            "date",
            "device",
            "DAP Gy·cm²",
            "Ka,r mGy",
            "fluoro s",
            "planes",
            "status",
            "reason",
        )
        out = console(self.stdout, 160)
        out.print(table("Dose reports", columns, rows, right=columns[3:7], overflow="fold"))
        counts = {status: 0 for status in ("draft", "unassigned", "duplicate", "rejected")}
        for result in results:
            counts[result.status] += 1
        out.print(", ".join(f"{count} {status}" for status, count in counts.items()))
