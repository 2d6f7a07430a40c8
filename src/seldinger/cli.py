"""The ``seldinger`` command: Seldinger's own subcommands and every Django management command."""

import os
import sys

from django.core.management import ManagementUtility, get_commands, load_command_class

PROJECT_COMMANDS_PREFIX = "seldinger."


def _project_commands() -> dict[str, str]:
    return {
        name: app
        for name, app in sorted(get_commands().items())
        if app.startswith(PROJECT_COMMANDS_PREFIX)
    }


def _overview() -> str:
    lines = [
        "usage: seldinger <subcommand> [options]",
        "",
        "Seldinger: the interventional radiology training system, as software.",
        "DATABASE_URL chooses the database (default: var/seldinger.sqlite3).",
        "",
        "Seldinger commands:",
    ]
    for name, app in _project_commands().items():
        summary = (load_command_class(app, name).help or "").strip().splitlines()[0]
        lines.append(f"  {name:<14} {summary}")
    lines += [
        "",
        "Every Django management command works too (seldinger migrate, seldinger",
        "createsuperuser, ...): 'seldinger help --commands' lists them all.",
        "'seldinger help <subcommand>' or 'seldinger <subcommand> --help' for details.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    if argv in ([], ["help"], ["--help"], ["-h"]):
        print(_overview())
        return
    ManagementUtility(["seldinger", *argv]).execute()


if __name__ == "__main__":
    main()
