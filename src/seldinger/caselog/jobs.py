"""The case log's background jobs: a large import, run by a worker with its progress shown,
and a large XLSX or PDF export, offered as the job's download."""

import datetime as dt

from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.caselog import importer, transfer, transfer_export, transfer_import
from seldinger.caselog.columns import ColumnMap, chosen
from seldinger.caselog.cpt import CptChoices
from seldinger.caselog.importer import STAGES, ImportFileError, rejected_name
from seldinger.caselog.selectors import can_view_log_of
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work
from seldinger.tabular_limits import import_limits


def start_import(
    *,
    actor: User,
    trainee: User,
    content: bytes,
    name: str,
    skip_invalid: bool = False,
    columns: ColumnMap | None = None,
    cpt_choices: CptChoices | None = None,
) -> Job:
    """A background job importing ``content`` (the file ``name``) into ``trainee``'s log, as
    the web and the API's import would, audited as done by ``actor``; with the columns
    mapped and the ambiguous codes' procedures chosen as given."""
    params: dict[str, object] = {"trainee": trainee.pk, "name": name, "skip_invalid": skip_invalid}
    if columns is not None:
        params["columns"] = [column.field for column in columns.columns]
        params["fill"] = columns.fill
    if cpt_choices:
        params["cpt"] = cpt_choices.as_dict()
    return jobs.start(
        kind="caselog.import",
        owner=actor,
        title=f"Import {name} into {transfer.whose_log(actor, trainee)}",
        params=params,
        content=content,
    )


def import_cases(job: Job, work: Work) -> Outcome:
    params = job.params
    trainee = User.objects.get(pk=params["trainee"])
    actor = job.owner
    if actor is None or not transfer.can_import_for(actor, trainee):
        raise JobFailed("You may no longer import into this log.")
    name = params["name"]
    content = work.input()
    try:
        columns = None
        if "columns" in params:
            header = importer.read_source(content, name=name, limits=import_limits()).header
            columns, _ = chosen(header, params["columns"], params.get("fill") or {})
        result = transfer_import.import_cases(
            trainee=trainee,
            actor=actor,
            content=content,
            name=name,
            skip_invalid=params["skip_invalid"],
            columns=columns,
            cpt_choices=CptChoices.from_dict(params.get("cpt")),
            progress=lambda stage, done, total: work.progress(
                STAGES.get(stage, stage), done, total
            ),
        )
    except ImportFileError as error:
        raise JobFailed(error.located(name)) from None
    report = result.report
    if report.blocked:
        raise JobFailed(
            f"{report.blocked_message()} The first: {report.errors[0].located(name)}",
            details=report.as_dict(),
        )
    own = trainee.pk == actor.pk
    rejected = result.rejected_csv()
    return Outcome(
        message=report.saved_message(transfer.whose_log(actor, trainee)),
        link=reverse("caselog:my_cases") if own else reverse("caselog:import"),
        link_text="Open your cases" if own else "Import another file",
        details=report.as_dict(),
        file=""
        if rejected is None
        else work.output(rejected_name(name), [rejected.encode("utf-8-sig")]),
    )


def start_export(
    *,
    actor: User,
    trainee: User,
    fmt: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Job:
    """A background job writing ``trainee``'s log (between the dates, inclusive) as ``fmt``
    for ``actor``, who may see it (``transfer.trainee_for_export``)."""
    return jobs.start(
        kind="caselog.export",
        owner=actor,
        title=f"Export {transfer.whose_log(actor, trainee)} as {fmt.upper()}",
        params={
            "trainee": trainee.pk,
            "format": fmt,
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
        },
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def export_cases(job: Job, work: Work) -> Outcome:
    params = job.params
    trainee = User.objects.get(pk=params["trainee"])
    actor = job.owner
    # Asked again: a director may have stopped leading the trainee since the job was queued.
    if actor is None or not can_view_log_of(actor, trainee):
        raise JobFailed("You may no longer see this log.")
    fmt = params["format"]
    exported = transfer_export.export_cases(
        trainee=trainee, fmt=fmt, date_from=_date(params["from"]), date_to=_date(params["to"])
    )
    work.progress(f"Writing {exported.cases:,} cases", 0, None)
    return Outcome(
        message=(
            f"Exported {exported.cases:,} cases of {transfer.whose_log(actor, trainee)} "
            f"as {fmt.upper()}."
        ),
        details={"cases": exported.cases, "format": fmt},
        file=work.output(exported.filename, exported.chunks()),
    )
