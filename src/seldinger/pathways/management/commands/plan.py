from typing import Any

from django.core.management.base import CommandError

from seldinger.accounts.models import User
from seldinger.commands import StandaloneCommand
from seldinger.pathways.cli import COMMAND, write_plans
from seldinger.pathways.planner import Plan
from seldinger.pathways.training import plan_of


class Command(StandaloneCommand):
    help = COMMAND.help
    command = COMMAND

    def handle(self, *args: Any, **options: Any) -> None:
        if options["user"]:
            write_plans(
                self.stdout, [_user_plan(options["user"])], single=True, output=options["format"]
            )
        else:
            super().handle(*args, **options)


def _user_plan(username: str) -> Plan:
    # Only --user reads the database.
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: no user {username!r}")
    plan = plan_of(user)
    if plan is None:
        raise CommandError(f"--user: {username!r} has no training record")
    return plan
