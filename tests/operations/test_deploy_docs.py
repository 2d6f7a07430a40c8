"""Every ``seldinger`` command the deployment guide, the operations guide and the README's
production section give is a real subcommand that takes the options written there: each is
parsed by the command's own parser, and each subcommand answers ``--help``. The commands
that can run whole here (``serve --production``, ``check --deploy``, ``backup``,
``restore``, ``migrate``) run in the other operations tests."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ["docs/deploy.md", "docs/operations.md", "docs/jobs.md", "README.md#Production"]
SELDINGER = str(Path(sys.executable).parent / "seldinger")
#: Code blocks in these languages are configuration or SQL, not commands.
NOT_COMMANDS = {"sql", "nginx", "json", "text"}

FENCE = re.compile(r"^ *```(\w*)\n(.*?)^ *```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`(seldinger [^`]+)`(?!`)")
#: ``seldinger`` (or a path ending in it) followed by its arguments, up to a shell operator.
INVOCATION = re.compile(r"(?:^|[\s'\"=])(?:\S*/bin/)?seldinger((?: +[^\s&|;'\"]+)+)")


def _invocations(text: str) -> list[str]:
    found = []
    for language, body in FENCE.findall(text):
        if language in NOT_COMMANDS:
            continue
        for line in body.replace("\\\n", " ").splitlines():
            line = re.sub(r"\$\([^)]*\)", "DATE", line.split(" # ")[0])
            found += [arguments.strip() for arguments in INVOCATION.findall(line)]
    without_blocks = FENCE.sub("", text)
    found += [span.removeprefix("seldinger ") for span in INLINE.findall(without_blocks)]
    return found


def _read(document: str) -> str:
    """A document, or its section when named after ``#``."""
    path, _, section = document.partition("#")
    text = (ROOT / path).read_text()
    if section:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return text


INVOCATIONS = sorted(
    {
        (document, invocation)
        for document in DOCUMENTS
        for invocation in _invocations(_read(document))
    }
)


def test_the_guides_give_the_commands_that_run_seldinger():
    given = {invocation for _, invocation in INVOCATIONS}

    assert {
        "serve --production --workers 5 127.0.0.1:8000",
        "migrate --no-input",
        "check --deploy --fail-level WARNING",
        "backup /var/backups/seldinger/seldinger-2026-12-05.tar.gz",
        "restore /var/backups/seldinger/seldinger-2026-12-05.tar.gz",
        "backup /var/backups/seldinger/seldinger-DATE.tar.gz",
        "worker",
        "worker --beat",
        "worker --concurrency 2 --beat",
    } <= given


@pytest.mark.parametrize(("document", "invocation"), INVOCATIONS)
def test_each_command_in_the_guides_takes_the_options_written(document, invocation):
    name, *arguments = shlex.split(invocation)
    commands = get_commands()
    assert name in commands, f"{document}: 'seldinger {name}' is no command"
    parser = load_command_class(commands[name], name).create_parser("seldinger", name)

    try:
        parser.parse_args(arguments)
    except CommandError as error:
        pytest.fail(f"{document}: 'seldinger {invocation}': {error}")


@pytest.mark.parametrize(
    "name", sorted({shlex.split(invocation)[0] for _, invocation in INVOCATIONS})
)
def test_each_subcommand_in_the_guides_answers_help(name):
    done = subprocess.run([SELDINGER, name, "--help"], capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: seldinger {name} ")
