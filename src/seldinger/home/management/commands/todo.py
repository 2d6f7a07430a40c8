import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from seldinger.accounts.models import User
from seldinger.command_line import console, table
from seldinger.commands import (
    ProjectCommand,
    add_as_of_option,
    add_format_option,
    as_of_date,
    write_json,
)
from seldinger.home.selectors import todo_of
from seldinger.home.todo import due_text


def _due(due: dt.date | None, today: dt.date) -> str:
    return due_text(due, today) if due else ""


class Command(ProjectCommand):
    help = (
        "Show a person's to-do list, as their home page and GET /api/me/todo show it.\n\n"
        "Examples:\n"
        "  seldinger todo --user ana\n"
        "  seldinger todo --user ana --as-of 2026-03-02 --format json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        add_as_of_option(parser, help="the day to show the list for (YYYY-MM-DD)")
        add_format_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["user"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: no user {username!r}")
        today = as_of_date(options)
        items = todo_of(user, today=today)
        if options["format"] == "json":
            write_json(
                self.stdout,
                {
                    "user": username,
                    "as_of": today.isoformat(),
                    "items": [
                        {
                            "kind": item.kind,
                            "title": item.title,
                            "urgency": item.urgency,
                            "count": item.count,
                            "due": item.due.isoformat() if item.due else None,
                            "link": item.link,
                            "detail": item.detail,
                            "figure": item.figure,
                            "series": list(item.series),
                        }
                        for item in items
                    ],
                },
            )
            return
        rows = [
            (
                item.urgency_label,
                item.title,
                due_text(item.due, today) if item.due else "",
                item.link,
            )
            for item in items
        ]
        console(self.stdout, 120).print(
            table(f"To do for {username}, {today.isoformat()}", ("", "What", "Due", "Where"), rows)
        )
