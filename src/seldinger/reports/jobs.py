"""A director's report on a large cohort, written by a background job and offered as its
download."""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work
from seldinger.reporting import Period, write
from seldinger.reports import selectors
from seldinger.reports.files import filename


def start_report(*, actor: User, kind: str, fmt: str, period: Period) -> Job:
    """A background job writing the report ``kind`` on ``period`` as ``fmt`` for ``actor``,
    who may have it (``selectors.may_have``)."""
    return jobs.start(
        kind="reports.export",
        owner=actor,
        title=f"{selectors.KINDS[kind].title}, {period.label}, as {fmt.upper()}",
        params={"report": kind, "format": fmt, **period.query},
    )


def export_report(job: Job, work: Work) -> Outcome:
    params = job.params
    kind, fmt = params["report"], params["format"]
    actor = job.owner
    # Asked again: the owner may have stopped leading the program since the job was queued.
    if actor is None or not selectors.may_have(actor, kind):
        raise JobFailed("You may no longer see this report.")
    period = Period(dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"]))
    report = selectors.build(actor, kind, period, progress=work.progress)
    work.progress(f"Writing the {fmt.upper()} file", 0, None)
    content = write(report, fmt, generated=timezone.localdate())
    return Outcome(
        message=f"Wrote the {report.title.lower()} of {period.label} as {fmt.upper()}.",
        details={"report": kind, "format": fmt, "rows": report.size},
        file=work.output(filename(kind, fmt, period), [content]),
    )
