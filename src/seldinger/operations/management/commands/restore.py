"""``seldinger restore FILE``."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from seldinger.commands import ProjectCommand
from seldinger.operations import backups


class Command(ProjectCommand):
    help = (
        "Restore the database and the private uploads from a backup FILE.\n\n"
        "Replaces everything in the database DATABASE_URL names, and the uploads folder. "
        "Stop the web and worker processes first. Refuses a file that is not a Seldinger "
        "backup, a backup of another database engine or of a newer schema, and a damaged "
        "copy, before changing anything; the database is replaced in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by 'seldinger backup'")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        restored = backups.restore(source)
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the database and {manifest.uploads} uploaded files from {source} "
            f"(made {manifest.created_at})."
        )
        if restored.pending:
            self.stdout.write(
                f"The backup predates {restored.pending} migrations of this version: "
                "run 'seldinger migrate' before serving."
            )
