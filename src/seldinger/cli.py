"""The ``seldinger`` command: Seldinger's own subcommands and every Django management command.

It starts without Django: the overview is written out here, and the commands that need no
database (``STANDALONE``) run from modules that import none. Everything else (and ``plan
--user``) goes to Django's management utility, which sets Django up.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seldinger.command_line import Command

#: Seldinger's own commands, with the first line of each one's help (a test holds this to the
#: management commands), so that ``seldinger --help`` needs no Django.
COMMANDS = {
    "backup": "Back up the database and the private uploads into one archive FILE (.tar.gz).",
    "caselog": "Import a case log from CSV or XLSX, or export one as CSV, XLSX or PDF.",
    "certification": (
        "Board certification status: exams for trainees, OLA, CME and PQI for diplomates."
    ),
    "demo": "Load the synthetic demo data (idempotent) and print the demo logins.",
    "dicom": "Receive dose reports from a modality or PACS: a DICOM C-STORE listener.",
    "digest": "E-mail the to-do digests due today to those who asked for them.",
    "dose": ("Import X-ray radiation dose reports (DICOM RDSR) as draft cases for their trainees."),
    "hours": "Check logged shifts against the ACGME work-hour limits.",
    "jobs": "List the background jobs, or show one job and follow its progress.",
    "match": (
        "Run the match engine on an instance file, verify a result, or generate an instance."
    ),
    "plan": (
        "Plan a dated path to IR board certification from a current stage, or from a "
        "trainee's training record (--user, with its time off and extension)."
    ),
    "programs": "Import programs into the directory from CSV, or export the directory as CSV.",
    "progress": "Show a trainee's progress against ESIR and the program's graduation minimums.",
    "reminders": "E-mail licence expiry reminders (90, 30 and 7 days before) that are due.",
    "restore": "Restore the database and the private uploads from a backup FILE.",
    "roster": (
        "Invite a program's residents, fellows and faculty from a roster file (CSV or XLSX)."
    ),
    "schedule": (
        "Build a rotation and call schedule under the ACGME rules, or explain why none exists."
    ),
    "serve": "Serve Seldinger for development on http://127.0.0.1:8000 (or the address given).",
    "todo": "Show a person's to-do list, as their home page and GET /api/me/todo show it.",
    "worker": ("Run background jobs (large imports and exports, match rounds, odds, reminders)."),
}

#: The commands that run without Django: the module holding each one's ``COMMAND``.
STANDALONE = {
    "hours": "seldinger.workhours.cli",
    "match": "seldinger.match.cli",
    "plan": "seldinger.pathways.cli",
    "schedule": "seldinger.scheduling.cli",
}


def _overview() -> str:
    lines = [
        "usage: seldinger <subcommand> [options]",
        "",
        "Seldinger: the interventional radiology training system, as software.",
        "DATABASE_URL chooses the database (default: var/seldinger.sqlite3).",
        "",
        "Seldinger commands:",
        *(f"  {name:<14} {summary}" for name, summary in COMMANDS.items()),
        "",
        "Every Django management command works too (seldinger migrate, seldinger",
        "createsuperuser, ...): 'seldinger help --commands' lists them all.",
        "'seldinger help <subcommand>' or 'seldinger <subcommand> --help' for details.",
    ]
    return "\n".join(lines)


def _standalone(name: str) -> Command:
    """The command ``name`` that runs without Django."""
    command: Command = importlib.import_module(STANDALONE[name]).COMMAND
    return command


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in ([], ["help"], ["--help"], ["-h"]):
        print(_overview())
        return
    if len(argv) == 2 and argv[0] == "help" and argv[1] in STANDALONE:
        argv = [argv[1], "--help"]
    if argv[0] in STANDALONE and _standalone(argv[0]).run(argv[1:]):
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    from django.core.management import ManagementUtility

    ManagementUtility(["seldinger", *argv]).execute()


if __name__ == "__main__":
    main()
