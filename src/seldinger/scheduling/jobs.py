"""Solving a program's spec from its schedule page, as a background job: the job writes
SCHEDULE.json and, when it holds a schedule, links to publishing it; when none exists, its
page lists the hard rules in conflict."""

from __future__ import annotations

import json

import orjson
from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.errors import ErrorItem, Forbidden, Invalid
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.selectors import download_path
from seldinger.jobs.work import Work
from seldinger.programs.models import Program
from seldinger.scheduling import selectors
from seldinger.scheduling.services import PUBLISHABLE
from seldinger.scheduling.spec import SpecError, parse_spec

KIND = "scheduling.solve"
OUTPUT = "SCHEDULE.json"
#: The solver's time limit a page may ask for (seconds): long enough for a year's program,
#: short enough that one request cannot hold a worker for long.
MIN_SECONDS, MAX_SECONDS = 5, 600


def start_solve(*, actor: User, program: Program, content: bytes, time_limit: int) -> Job:
    """A job solving the spec ``content`` for ``program`` within ``time_limit`` seconds.

    The spec is read here first, so a bad one is refused on the page, naming its keys.
    """
    if not selectors.may_publish(actor, program):
        raise Forbidden("Only the program's director or coordinator solves its schedule.")
    if not MIN_SECONDS <= time_limit <= MAX_SECONDS:
        raise Invalid(
            f"The time limit must be {MIN_SECONDS} to {MAX_SECONDS} seconds.", field="time_limit"
        )
    try:
        parse_spec(orjson.loads(content))
    except orjson.JSONDecodeError as error:
        raise Invalid(f"The spec is not JSON: {error}.", field="spec") from None
    except SpecError as error:
        raise Invalid(
            "The spec cannot be solved: "
            + "; ".join(f"{p.field}: {p.message}" for p in error.problems[:5]),
            field="spec",
            errors=[ErrorItem("spec", f"{p.field}: {p.message}") for p in error.problems],
        ) from None
    return jobs.start(
        kind=KIND,
        owner=actor,
        title=f"Schedule for {program.name}, solved within {time_limit} s",
        params={"program": program.pk, "time_limit": time_limit},
        content=content,
    )


def solve_spec(job: Job, work: Work) -> Outcome:
    from seldinger.scheduling.solve import solve

    program = Program.objects.filter(pk=job.params["program"]).first()
    actor = job.owner
    # Asked again: the owner may have stopped leading the program since the job was queued.
    if program is None or actor is None or not selectors.may_publish(actor, program):
        raise JobFailed("You may no longer solve this program's schedule.")
    try:
        spec = parse_spec(orjson.loads(work.input()))
    except (orjson.JSONDecodeError, SpecError) as error:
        raise JobFailed(f"The spec cannot be solved: {error}") from None
    result = solve(spec, time_limit=job.params["time_limit"], progress=work.progress)
    written = work.output(OUTPUT, [json.dumps(result, indent=1).encode() + b"\n"])
    status = result["status"]
    if status in PUBLISHABLE:
        article = "an" if status[0] in "aeiou" else "a"
        residents = len(result["rotations"])
        return Outcome(
            message=(
                f"Found {article} {status} schedule of {residents} "
                f"resident{'s' if residents != 1 else ''} and "
                f"{len(result['shifts'])} shifts (penalty {result['objective']:g}) in "
                f"{result['seconds']:g} s. Check it, then publish it."
            ),
            link=reverse("scheduling:publish_job", args=[program.pk, job.pk]),
            link_text="Publish this schedule",
            details={"status": status},
            file=written,
        )
    explained = str(result["message"])
    return Outcome(
        message=explained[:1].upper() + explained[1:] + ".",
        details={"status": status, "conflicts": result["conflicts"]},
        file=written,
    )


def solved_schedule(program: Program, job: Job) -> dict[str, object]:
    """The schedule a finished solve of ``program`` wrote (Invalid when it holds none)."""
    path = download_path(job)
    solved = job.result.get("details", {}).get("status") in PUBLISHABLE
    if job.kind != KIND or job.params.get("program") != program.pk or path is None or not solved:
        raise Invalid("This job holds no schedule of this program.")
    output: dict[str, object] = json.loads(path.read_bytes())
    return output
