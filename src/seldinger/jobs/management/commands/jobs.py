"""``seldinger jobs``: the background jobs, and one job's progress as it goes."""

import sys
import time
import uuid
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn

from seldinger.accounts.models import User
from seldinger.commands import ProjectCommand, add_actions, add_format_option, write_json
from seldinger.jobs import selectors, upkeep
from seldinger.jobs.models import Job

#: How often ``--follow`` asks how the job stands (seconds).
POLL = 0.5


class Command(ProjectCommand):
    help = (
        "List the background jobs, or show one job and follow its progress.\n\n"
        "Examples:\n"
        "  seldinger jobs list --user resident1\n"
        "  seldinger jobs show 3f6c1a52-... --follow\n\n"
        "The same jobs and progress as the Jobs pages and /api/jobs. 'show --follow' "
        "waits until the job ends, with a progress bar on a terminal, and exits with "
        "status 1 when the job failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        listing, showing = add_actions(
            parser,
            ("list", "the most recent jobs, newest first"),
            ("show", "one job: its state, and how it ended"),
        )
        listing.add_argument("--user", help="only the jobs this user started")
        listing.add_argument("--limit", type=int, default=20, help="how many (default 20)")
        add_format_option(listing)
        showing.add_argument("job", help="the job's id")
        showing.add_argument("--follow", action="store_true", help="wait until it ends")
        add_format_option(showing)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options)
        else:
            self._show(options)

    def _list(self, options: dict[str, Any]) -> None:
        jobs = Job.objects.order_by("-created_at")
        if options["user"]:
            owner = User.objects.filter(username=options["user"]).first()
            if owner is None:
                raise CommandError(f"--user: no user named {options['user']!r}")
            jobs = jobs.filter(owner=owner)
        shown = [selectors.state_of(upkeep.settle(job)) for job in jobs[: options["limit"]]]
        if options["format"] == "json":
            write_json(self.stdout, [state.as_dict() for state in shown])
            return
        if not shown:
            self.stdout.write("No jobs.")
        for state in shown:
            job = state.job
            self.stdout.write(
                f"{job.pk}  {job.created_at:%Y-%m-%d %H:%M}  {job.status:<9}  {job.title}"
            )

    def _job(self, job_id: str) -> Job:
        job = Job.objects.filter(pk=job_id).first() if _is_uuid(job_id) else None
        if job is None:
            raise CommandError(f"job: no job {job_id!r} ('seldinger jobs list' lists them)")
        return upkeep.settle(job)

    def _show(self, options: dict[str, Any]) -> None:
        job = self._job(options["job"])
        if options["follow"]:
            job = self._follow(job, show_bar=options["format"] == "text" and sys.stderr.isatty())
        state = selectors.state_of(job)
        if options["format"] == "json":
            write_json(self.stdout, state.as_dict())
        else:
            self.stdout.write(f"{job.title}: {job.get_status_display()}")
            if state.stage_text:
                self.stdout.write(state.stage_text)
            if job.status == Job.Status.SUCCEEDED:
                self.stdout.write(job.result.get("message", ""))
            if job.error:
                self.stdout.write(job.error)
        if options["follow"] and job.status == Job.Status.FAILED:
            raise CommandError(f"job {job.pk} failed")

    def _follow(self, job: Job, *, show_bar: bool) -> Job:
        """Wait for the job to end, showing its progress: a bar on a terminal, else a line
        at each new stage."""
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            console=Console(file=cast(IO[str], sys.stderr)),
            transient=True,
            disable=not show_bar,
        )
        tasks: dict[str, TaskID] = {}
        with bar:
            while not job.finished:
                stage = selectors.state_of(job).stage
                if stage is not None:
                    if stage.label not in tasks:
                        tasks[stage.label] = bar.add_task(stage.label, total=stage.total)
                        if not show_bar:
                            self.stderr.write(f"{stage.label}...")
                    bar.update(tasks[stage.label], completed=stage.done, total=stage.total)
                time.sleep(POLL)
                job = upkeep.settle(Job.objects.get(pk=job.pk))
        return job


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
