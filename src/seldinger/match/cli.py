"""``seldinger match run|verify|generate``: the match engine on files, without Django.

The engine is imported by the action that runs it, so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING, Any

from seldinger.command_line import (
    Command,
    CommandFailed,
    Options,
    Writer,
    add_actions,
    add_format_option,
    exit_when_done,
)

if TYPE_CHECKING:
    from seldinger.match.instance import MatchResult

HELP = (
    "Run the match engine on an instance file, verify a result, or generate an instance.\n\n"
    "Examples:\n"
    "  seldinger match generate --applicants 47208 --couples 1200 --seed 1 -o nrmp.json\n"
    "  seldinger match run nrmp.json --format json > result.json\n"
    "  seldinger match verify nrmp.json result.json\n\n"
    "The engine is NRMP-style applicant-proposing deferred acceptance with couples,\n"
    "supplemental lists for advanced programs and reversion of unfilled positions\n"
    "(docs/match.md describes the instance format and the rules)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    running, verifying, generating = add_actions(
        parser,
        ("run", "run the match on an instance (JSON)"),
        ("verify", "check a result against its instance"),
        ("generate", "write a seeded instance shaped like the NRMP Main Residency Match"),
    )
    running.add_argument("instance", help="instance JSON file")
    add_format_option(running)
    running.add_argument("-o", "--output", help="also write the result JSON to this file")

    verifying.add_argument("instance", help="instance JSON file")
    verifying.add_argument("result", help="result JSON file (from 'match run --format json')")
    add_format_option(verifying)

    generating.add_argument("--applicants", type=int, required=True, help="applicants who rank")
    generating.add_argument("--seed", type=int, required=True, help="random seed")
    generating.add_argument(
        "--couples", type=int, default=0, help="couples among the applicants (default 0)"
    )
    generating.add_argument(
        "--programs", type=int, help="programs (default: scaled from the 2025 match)"
    )
    generating.add_argument(
        "--positions", type=int, help="positions (default: scaled from the 2025 match)"
    )
    generating.add_argument(
        "--min-ranks", type=int, default=10, help="shortest applicant list (default 10)"
    )
    generating.add_argument(
        "--max-ranks", type=int, default=15, help="longest applicant list (default 15)"
    )
    generating.add_argument(
        "--no-supplemental",
        action="store_true",
        help="no supplemental lists (and no reversion): a plain hospital/residents instance",
    )
    generating.add_argument("-o", "--output", default="-", help="file to write ('-': stdout)")


def handle(options: Options, out: Writer, err: Writer) -> None:
    action = options["action"]
    if action == "run":
        _run(options, out)
    elif action == "verify":
        _verify(options, out)
    else:
        _generate(options, out, err)


COMMAND = Command(name="match", help=HELP, add_arguments=add_arguments, handle=handle)


def _run(options: Options, out: Writer) -> None:
    from seldinger.match.instance import gc_paused
    from seldinger.match.solve import run_match

    started = time.perf_counter()
    with gc_paused():
        data = _json(options["instance"])
        instance = _parsed(options["instance"], data)
        result = run_match(instance)
        seconds = time.perf_counter() - started
        if options["output"] or options["format"] == "json":
            text = _result_json(result)
            if options["output"]:
                _write(options["output"], text)
            if options["format"] == "json":
                out.write(text)
        if options["format"] != "json":
            out.write(_summary(result, options["instance"], seconds))
        # While the instance and the result are still held: the process ends without
        # freeing them.
        exit_when_done(options)


def _result_json(result: MatchResult) -> str:
    """The result JSON, compact, in the standard library's ASCII text: written by orjson, or
    by the standard library when it would differ (escapes, non-ASCII characters)."""
    from seldinger.match.instance import dump_json

    data = result.as_dict()
    text = dump_json(data)
    if text.isascii() and b"\\" not in text and b"\x7f" not in text:
        return text.decode("ascii")
    return json.dumps(data, separators=(",", ":"))


def _verify(options: Options, out: Writer) -> None:
    from seldinger.match.verify import verify_result

    instance = _instance(options["instance"])
    result = _json(options["result"])
    problems = verify_result(instance, result)
    if options["format"] == "json":
        out.write(json.dumps({"valid": not problems, "problems": problems}, indent=2))
    elif not problems:
        out.write(f"{options['result']}: valid")
    else:
        for problem in problems:
            out.write(f"{options['result']}: {problem}")
    if problems:
        count = len(problems)
        raise CommandFailed(
            f"{options['result']}: not a valid result for {options['instance']} "
            f"({count} problem{'s' if count != 1 else ''} listed)"
        )


def _generate(options: Options, out: Writer, err: Writer) -> None:
    from seldinger.match.generator import generate_instance

    plain = options["no_supplemental"]
    try:
        instance = generate_instance(
            applicants=options["applicants"],
            seed=options["seed"],
            couples=options["couples"],
            programs=options["programs"],
            positions=options["positions"],
            min_ranks=options["min_ranks"],
            max_ranks=options["max_ranks"],
            supplemental=not plain,
            reversion_share=0.0 if plain else 0.02,
        )
    except ValueError as error:
        raise CommandFailed(f"--{error}") from None
    text = json.dumps(instance, separators=(",", ":"))
    if options["output"] == "-":
        out.write(text)
    else:
        _write(options["output"], text)
        err.write(
            f"wrote {options['output']}: {len(instance['applicants'])} applicants, "
            f"{len(instance['programs'])} programs, "
            f"{sum(p['positions'] for p in instance['programs'])} positions, "
            f"{len(instance.get('couples', []))} couples"
        )


def _json(name: str) -> Any:
    from seldinger.match.instance import read_json

    try:
        return read_json(name)
    except FileNotFoundError:
        raise CommandFailed(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CommandFailed(f"{name}: is a directory, not a JSON file") from None
    except OSError as error:
        raise CommandFailed(f"{name}: cannot read: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise CommandFailed(
            f"{name}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except UnicodeDecodeError:
        raise CommandFailed(f"{name}: not valid JSON: the file is not UTF-8 text") from None
    except ValueError as error:  # e.g. numbers too large to read
        raise CommandFailed(f"{name}: not valid JSON: {error}") from None


def _instance(name: str) -> Any:
    return _parsed(name, _json(name))


def _parsed(name: str, data: Any) -> Any:
    from seldinger.match.instance import InstanceError
    from seldinger.match.parse import parse_instance

    try:
        return parse_instance(data)
    except InstanceError as error:
        raise CommandFailed(f"{name}: {error}") from None


def _write(name: str, text: str) -> None:
    try:
        with open(name, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise CommandFailed(f"{name}: cannot write: {error.strerror}") from None


def _summary(result: MatchResult, name: str, seconds: float) -> str:
    stats = result.stats
    applicants = stats["applicants"]
    matched = stats["matched"]
    positions = stats["positions"]
    filled = stats["filled"]
    lines = [
        f"Match of {name}: {applicants} applicants, {stats['programs']} programs, "
        f"{positions} positions" + (f", {stats['couples']} couples" if stats["couples"] else ""),
        f"  matched        {matched} ({_percent(matched, applicants)}); "
        f"unmatched {stats['unmatched']}",
    ]
    if stats["couples"]:
        lines.append(
            f"  couples        {stats['couples_matched']} of {stats['couples']} matched "
            f"(at least one partner)"
        )
    if result.supplemental_matches:
        lines.append(
            f"  supplemental   {stats['supplemental_matched']} matched to a preliminary year "
            f"through a supplemental list"
        )
    lines.append(
        f"  positions      {filled} filled ({_percent(filled, positions)}), "
        f"{stats['unfilled_positions']} unfilled"
    )
    for item in stats["reversions"]:
        lines.append(f"  reverted       {item['positions']} from {item['from']} to {item['to']}")
    if result.stable:
        lines.append("  stable         yes (verified: no blocking pair)")
    else:
        lines.append(f"  stable         NO: {stats['reason']}")
        for example in stats.get("blocking_examples", []):
            lines.append(f"                 {example}")
    lines.append(
        f"  work           {stats['proposals']} proposals, {stats['reapplications']} "
        f"re-applications, {stats['attempts']} attempt{'s' if stats['attempts'] != 1 else ''}, "
        f"{seconds:.2f} s"
    )
    return "\n".join(lines)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
