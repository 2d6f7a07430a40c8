"""``seldinger worker``: a Celery worker taking jobs off the Redis queue."""

import os
from typing import Any

from django.core.management.base import CommandError, CommandParser

from seldinger.commands import ProjectCommand
from seldinger.jobs import queue, upkeep

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]


class Command(ProjectCommand):
    help = (
        "Run background jobs (large imports and exports, match rounds, odds, reminders).\n\n"
        "Examples:\n"
        "  seldinger worker\n"
        "  seldinger worker --concurrency 4 --beat\n\n"
        "Takes jobs off the Redis queue of SELDINGER_REDIS_URL, with the same settings as "
        "the web processes (DATABASE_URL, SELDINGER_PRIVATE_MEDIA_ROOT shared). Start as "
        "many workers on as many machines as you like; start exactly one with --beat, which "
        "also runs the schedule: the daily reminder e-mails (SELDINGER_REMINDERS_AT), the "
        "to-do digests (SELDINGER_DIGEST_AT) and, "
        "every five minutes, the upkeep that marks jobs whose worker died failed and deletes "
        "old ones. Stop it with SIGTERM: it finishes the jobs it is running first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=os.cpu_count() or 1,
            help="jobs run at once, each in its own process (default: one per CPU core)",
        )
        parser.add_argument(
            "--beat",
            action="store_true",
            help="also run the schedule (reminders, upkeep); in one worker only",
        )
        parser.add_argument("--log-level", choices=LOG_LEVELS, default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        if not queue.enabled():
            raise CommandError(
                "SELDINGER_REDIS_URL is not set: without Redis, each job runs in the process "
                "that starts it, and no worker is needed"
            )
        if options["concurrency"] < 1:
            raise CommandError(f"--concurrency: {options['concurrency']} is not a number of jobs")
        lost = upkeep.settle_lost()
        if lost:
            self.stderr.write(
                f"Marked {lost} job{'s' if lost != 1 else ''} failed: their worker stopped."
            )
        argv = [
            "worker",
            f"--loglevel={options['log_level']}",
            f"--concurrency={options['concurrency']}",
            # Several workers may share a host: each its own name.
            f"--hostname=seldinger-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ]
        if options["beat"]:
            argv.append("--beat")
        queue.app.worker_main(argv)
