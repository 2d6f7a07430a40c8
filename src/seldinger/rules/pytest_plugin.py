"""pytest plugin: YAML rule scenarios (OpenFisca-style tests) as pytest items.

Any ``*.yaml`` file below a folder named ``scenarios`` in the paths pytest
collects is a scenario file::

    runner: plan            # a runner the plugin was handed (see below)
    scenarios:
      - name: integrated IR from MS1 in 2026
        date: 2026-08-01    # what the date means depends on the runner
        input: {stage: ms1, pathway: integrated-ir}
        expected:
          postgraduate_years: 6
          events: {core-exam: {date: 2034-07-01}}
        # optional: description (text), xfail (the reason a known
        # disagreement is expected to fail; strict)

Each scenario becomes one item named by its ``name``. ``expected`` is a
subset of the runner's output: mappings are compared key by key
(recursively), lists exactly, and dates as dates or ISO texts. A malformed
file is a collection error naming the file and the scenario index.

The plugin is handed its runners, as OpenFisca's test runner is handed the
system it tests: ``parameter`` (the rules' own, in
:mod:`seldinger.rules.scenarios`) and the ``RUNNERS`` of each module listed
in the ``scenario_runners`` setting (pyproject.toml: each app's
``scenarios`` module). So the rules import none of the apps they serve.

Registered through the ``pytest11`` entry point; no Django here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
import yaml

from seldinger.rules import scenarios
from seldinger.rules.engine import ScenarioInputError
from seldinger.rules.scenarios import Runner

if TYPE_CHECKING:
    from _pytest._code.code import ExceptionInfo, TerminalRepr

SCENARIO_FOLDER = "scenarios"
REQUIRED_SCENARIO_KEYS = ("name", "date", "input", "expected")
OPTIONAL_SCENARIO_KEYS = ("description", "xfail")
FILE_KEYS = ("runner", "scenarios")
MISSING = object()
RUNNERS_SETTING = "scenario_runners"
RUNNERS_KEY = pytest.StashKey[Mapping[str, Runner]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        RUNNERS_SETTING,
        "modules whose RUNNERS (name -> scenario runner) the YAML scenarios may name",
        type="linelist",
        default=[],
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[RUNNERS_KEY] = handed_runners(config.getini(RUNNERS_SETTING))


def handed_runners(modules: list[str]) -> Mapping[str, Runner]:
    """The rules' own runners and those of each module named; a name may be taken once."""
    found: dict[str, Runner] = dict(scenarios.RUNNERS)
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            raise pytest.UsageError(f"{RUNNERS_SETTING}: cannot import {name!r}: {error}") from None
        runners = getattr(module, "RUNNERS", None)
        if not isinstance(runners, Mapping):
            raise pytest.UsageError(f"{RUNNERS_SETTING}: {name} has no RUNNERS mapping")
        for key, runner in runners.items():
            if key in found:
                raise pytest.UsageError(f"{RUNNERS_SETTING}: {name}: runner {key!r} is taken")
            found[key] = runner
    return found


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> ScenarioFile | None:
    if file_path.suffix == ".yaml" and _in_scenario_folder(file_path, parent.config.rootpath):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def _in_scenario_folder(file_path: Path, rootpath: Path) -> bool:
    try:
        folders = file_path.relative_to(rootpath).parts[:-1]
    except ValueError:
        folders = file_path.parts[:-1]
    return SCENARIO_FOLDER in folders


class ScenarioFile(pytest.File):
    """A YAML file of scenarios for one runner."""

    def collect(self) -> Iterator[ScenarioItem]:
        runners = self.config.stash[RUNNERS_KEY]
        document, lines = self._load()
        runner = document["runner"]
        if runner not in runners:
            self._fail("runner", f"unknown runner {runner!r}; choose one of {', '.join(runners)}")
        seen: set[str] = set()
        for index, raw in enumerate(document["scenarios"]):
            scenario = self._scenario(index, raw, lines[index] if index < len(lines) else None)
            if scenario.name in seen:
                self._fail(f"scenarios[{index}]", f"duplicate name {scenario.name!r}")
            seen.add(scenario.name)
            item = ScenarioItem.from_parent(
                self, name=scenario.name, runner=runner, scenario=scenario
            )
            if scenario.xfail is not None:
                item.add_marker(pytest.mark.xfail(reason=scenario.xfail, strict=True))
            yield item

    def _load(self) -> tuple[dict[str, Any], list[int]]:
        """The document and the (1-based) line where each scenario starts."""
        try:
            loader = yaml.SafeLoader(self.path.read_text(encoding="utf-8"))
            try:
                node = loader.get_single_node()
                document = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except (yaml.YAMLError, ValueError) as error:
            # PyYAML raises a bare ValueError for an impossible date (2026-02-30).
            self._fail("-", f"not valid YAML: {error}")
        if not isinstance(document, dict):
            self._fail("-", "a scenario file must be a mapping with runner and scenarios")
        for key in FILE_KEYS:
            if key not in document:
                self._fail(key, "missing")
        for key in document:
            if key not in FILE_KEYS:
                self._fail(str(key), f"unknown key (allowed: {', '.join(FILE_KEYS)})")
        scenarios = document["scenarios"]
        if not isinstance(scenarios, list) or not scenarios:
            self._fail("scenarios", "must be a non-empty list of scenarios")
        return document, _scenario_lines(node)

    def _scenario(self, index: int, raw: object, line: int | None) -> Scenario:
        where = f"scenarios[{index}]"
        if not isinstance(raw, dict):
            self._fail(where, "must be a mapping with name, date, input and expected")
        label = f"{where} ({raw['name']!r})" if isinstance(raw.get("name"), str) else where
        for key in REQUIRED_SCENARIO_KEYS:
            if key not in raw:
                self._fail(f"{label}.{key}", "missing")
        for key in raw:
            if key not in REQUIRED_SCENARIO_KEYS + OPTIONAL_SCENARIO_KEYS:
                allowed = ", ".join(REQUIRED_SCENARIO_KEYS + OPTIONAL_SCENARIO_KEYS)
                self._fail(f"{label}.{key}", f"unknown key (allowed: {allowed})")
        name = raw["name"]
        if not isinstance(name, str) or not name.strip() or "::" in name:
            self._fail(f"{where}.name", "must be a non-empty text without '::'")
        on = _as_date(raw["date"])
        if on is None:
            self._fail(f"{label}.date", f"must be a date (YYYY-MM-DD), not {raw['date']!r}")
        for key in ("input", "expected"):
            if not isinstance(raw[key], dict):
                self._fail(f"{label}.{key}", "must be a mapping")
        xfail = raw.get("xfail")
        if xfail is not None and (not isinstance(xfail, str) or not xfail.strip()):
            self._fail(f"{label}.xfail", "must be a text: why the scenario is expected to fail")
        return Scenario(
            name=name.strip(),
            date=on,
            input=raw["input"],
            expected=raw["expected"],
            line=line,
            xfail=xfail,
        )

    def _fail(self, key: str, message: str) -> NoReturn:
        raise self.CollectError(f"{_shown_path(self)}: {key}: {message}")


@dataclass(frozen=True)
class Scenario:
    name: str
    date: dt.date
    input: dict[str, Any]
    expected: dict[str, Any]
    line: int | None = None
    xfail: str | None = None


@dataclass(frozen=True)
class Mismatch:
    path: str
    expected: Any
    actual: Any
    hint: str = ""


class ScenarioMismatch(AssertionError):
    """The runner's output does not contain what the scenario expects."""

    def __init__(self, mismatches: list[Mismatch], matched: list[str], actual: Any) -> None:
        self.mismatches = mismatches
        self.matched = matched
        self.actual = actual
        super().__init__(f"{len(mismatches)} expected value(s) differ")


class ScenarioItem(pytest.Item):
    """One scenario: run its runner and compare the output with ``expected``."""

    def __init__(self, *, runner: str, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runner = runner
        self.scenario = scenario

    def runtest(self) -> None:
        run = self.config.stash[RUNNERS_KEY][self.runner]
        actual = run(self.scenario.date, dict(self.scenario.input))
        mismatches: list[Mismatch] = []
        matched: list[str] = []
        compare(self.scenario.expected, actual, "", mismatches, matched)
        if mismatches:
            raise ScenarioMismatch(mismatches, matched, actual)

    def repr_failure(
        self,
        excinfo: ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | TerminalRepr:
        error = excinfo.value
        if isinstance(error, ScenarioMismatch):
            return self._describe(_mismatch_lines(error))
        if isinstance(error, ScenarioInputError):
            return self._describe([f"bad input: {error}"])
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.scenario.line - 1 if self.scenario.line is not None else None
        return self.path, line, f"scenario: {self.scenario.name}"

    def _describe(self, body: list[str]) -> str:
        path = _shown_path(self)
        where = f"{path}:{self.scenario.line}" if self.scenario.line else path
        head = [
            f"scenario {self.scenario.name!r} failed",
            f"  file:   {where}",
            f"  runner: {self.runner}, date: {self.scenario.date.isoformat()}",
            f"  input:  {_show(self.scenario.input)}",
        ]
        return "\n".join(head + body)


def _shown_path(node: pytest.Item | pytest.Collector) -> str:
    """The file's path relative to where pytest was started, if it is below it."""
    try:
        return node.path.relative_to(node.config.invocation_params.dir).as_posix()
    except ValueError:
        return str(node.path)


def compare(
    expected: Any, actual: Any, path: str, mismatches: list[Mismatch], matched: list[str]
) -> None:
    """Compare ``expected`` as a subset of ``actual``, recording every leaf."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            mismatches.append(Mismatch(path or "(output)", expected, actual))
            return
        for key, value in expected.items():
            child = f"{path}.{key}" if path else str(key)
            if key not in actual:
                hint = f"present keys: {', '.join(map(str, actual)) or '(none)'}"
                mismatches.append(Mismatch(child, value, MISSING, hint))
            else:
                compare(value, actual[key], child, mismatches, matched)
        return
    if values_equal(expected, actual):
        matched.append(path)
    else:
        mismatches.append(Mismatch(path, expected, actual))


def values_equal(expected: Any, actual: Any) -> bool:
    """Exact equality, dates compared as ISO texts and booleans only with booleans."""
    expected, actual = _normal(expected), _normal(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, dict) or isinstance(actual, dict):
        return (
            isinstance(expected, dict)
            and isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(values_equal(value, actual[key]) for key, value in expected.items())
        )
    if isinstance(expected, list | tuple) or isinstance(actual, list | tuple):
        return (
            isinstance(expected, list | tuple)
            and isinstance(actual, list | tuple)
            and len(expected) == len(actual)
            and all(values_equal(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual)


def _normal(value: Any) -> Any:
    """Dates as ISO texts, at this level only."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _plain(value: Any) -> Any:
    """Dates as ISO texts, all the way down (for display)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _show(value: Any) -> str:
    if value is MISSING:
        return "<missing>"
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _mismatch_lines(error: ScenarioMismatch) -> list[str]:
    total = len(error.mismatches) + len(error.matched)
    lines = [f"  {len(error.mismatches)} of {total} expected value(s) differ:"]
    for mismatch in error.mismatches:
        lines.append(f"  - {mismatch.path}")
        lines.append(f"      expected: {_show(mismatch.expected)}")
        lines.append(f"      actual:   {_show(mismatch.actual)}")
        if mismatch.hint:
            lines.append(f"      ({mismatch.hint})")
    if isinstance(error.actual, dict) and "error" in error.actual:
        lines.append(f"  the runner refused: {_show(error.actual['error'])}")
    if error.matched:
        lines.append(f"  matched: {', '.join(error.matched)}")
    return lines


def _scenario_lines(node: yaml.Node | None) -> list[int]:
    """1-based start line of each item of the top-level ``scenarios`` list."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "scenarios"
            and isinstance(value, yaml.SequenceNode)
        ):
            return [item.start_mark.line + 1 for item in value.value]
    return []
