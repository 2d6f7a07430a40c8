"""The case log's background jobs: a large import, run by a worker with its progress shown."""

from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.caselog import transfer, transfer_import
from seldinger.caselog.importer import STAGES, ImportFileError, rejected_name
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work


def start_import(
    *, actor: User, trainee: User, content: bytes, name: str, skip_invalid: bool = False
) -> Job:
    """A background job importing ``content`` (the file ``name``) into ``trainee``'s log, as
    the web and the API's import would, audited as done by ``actor``."""
    return jobs.start(
        kind="caselog.import",
        owner=actor,
        title=f"Import {name} into {transfer.whose_log(actor, trainee)}",
        params={"trainee": trainee.pk, "name": name, "skip_invalid": skip_invalid},
        content=content,
    )


def import_cases(job: Job, work: Work) -> Outcome:
    params = job.params
    trainee = User.objects.get(pk=params["trainee"])
    actor = job.owner
    if actor is None or not transfer.can_import_for(actor, trainee):
        raise JobFailed("You may no longer import into this log.")
    name = params["name"]
    try:
        result = transfer_import.import_cases(
            trainee=trainee,
            actor=actor,
            content=work.input(),
            name=name,
            skip_invalid=params["skip_invalid"],
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
