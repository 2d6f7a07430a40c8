"""``seldinger backup FILE``."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from seldinger.commands import ProjectCommand
from seldinger.operations import backups
from seldinger.operations.database_copies import ENGINE_NAMES


class Command(ProjectCommand):
    help = (
        "Back up the database and the private uploads into one archive FILE (.tar.gz).\n\n"
        "Runs while Seldinger serves: SQLite is copied with its online backup API, "
        "PostgreSQL with pg_dump, each a consistent snapshot. The archive holds a manifest "
        "(format, engine, migrations, time), the database copy and the uploads folder. "
        "FILE must not exist yet. 'seldinger restore FILE' puts it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. backup.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        manifest = backups.backup(target)
        self.stdout.write(
            f"Backed up the {ENGINE_NAMES[manifest.engine]} database "
            f"({len(manifest.migrations)} migrations applied) and {manifest.uploads} "
            f"uploaded files to {target} ({target.stat().st_size:,} bytes)."
        )
