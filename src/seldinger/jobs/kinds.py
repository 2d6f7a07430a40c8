"""What a job can be: each kind's work is a function in the app it belongs to.

The jobs app sits below the apps whose work it runs, so it names each kind's function by
its dotted path and imports it only when a job of that kind runs.

A kind's function is called as ``run(job, work)`` and returns an ``Outcome``; it raises
``JobFailed`` with a sentence for the user when the work cannot be done. Its writes must be
all or nothing (one transaction), so that a failed or interrupted job leaves nothing
half-written.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from seldinger.jobs.models import Job
    from seldinger.jobs.work import Work

KINDS: dict[str, str] = {
    "caselog.import": "seldinger.caselog.jobs.import_cases",
    "caselog.export": "seldinger.caselog.jobs.export_cases",
    "credentials.reminders": "seldinger.credentials.jobs.send_reminders",
    "home.digest": "seldinger.home.jobs.send_digest",
    "programs.import": "seldinger.programs.jobs.import_programs",
    "match.round": "seldinger.match.jobs.run_round",
    "match.odds": "seldinger.match.jobs.simulate_odds",
    "reports.export": "seldinger.reports.jobs.export_report",
    "scheduling.solve": "seldinger.scheduling.jobs.solve_spec",
}

#: The kinds the schedule starts (``worker --beat``), with their titles.
SCHEDULED: dict[str, str] = {
    "credentials.reminders": "Licence expiry reminders",
    "home.digest": "To-do digest e-mails",
}


class JobFailed(Exception):
    """The work cannot be done; the message says why, to the person who started it."""

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


@dataclass(frozen=True)
class Outcome:
    """What a finished job tells its owner: a sentence, where to go next, a download."""

    message: str
    link: str = ""
    link_text: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    #: The name of the file the job wrote with ``work.output`` (offered as a download).
    file: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "link": self.link,
            "link_text": self.link_text,
            "details": self.details,
            "file": self.file,
        }


Run = Callable[["Job", "Work"], Outcome]


def runner(kind: str) -> Run:
    """The function doing ``kind``'s work (KeyError for a kind nobody declared)."""
    run: Run = import_string(KINDS[kind])
    return run
