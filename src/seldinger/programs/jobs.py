"""The program directory's background jobs: a long import, run by a worker with its progress
shown."""

from django.conf import settings
from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work
from seldinger.programs import selectors, services
from seldinger.tabular import FileError


def in_background(rows: int) -> bool:
    """A file this long is imported by a background job (JOB_PROGRAM_IMPORT_ROWS)."""
    return rows > settings.JOB_PROGRAM_IMPORT_ROWS


def start_import(*, actor: User, content: bytes, name: str) -> Job:
    """A background job importing ``content`` (the file ``name``) into the directory, as the
    import page would, audited as done by ``actor``."""
    return jobs.start(
        kind="programs.import",
        owner=actor,
        title=f"Import {name} into the program directory",
        params={"name": name},
        content=content,
    )


def import_programs(job: Job, work: Work) -> Outcome:
    actor, name = job.owner, job.params["name"]
    # Checked again: the administrator may have lost the role since the job was queued.
    if actor is None or not selectors.may_import(actor):
        raise JobFailed(selectors.IMPORT_REFUSED)
    try:
        report = services.import_programs(actor=actor, content=work.input(), progress=work.progress)
    except FileError as error:
        raise JobFailed(error.located(name)) from None
    if report.errors:
        count = len(report.errors)
        raise JobFailed(
            f"Nothing imported: {count} error{'' if count == 1 else 's'} in {name}. "
            f"The first: {report.error_lines(name)[0]}",
            details=report.as_dict(name),
        )
    return Outcome(
        message=f"Imported {name}: {report.summary}",
        link=reverse("programs:directory"),
        link_text="Open the directory",
        details=report.as_dict(name),
    )
