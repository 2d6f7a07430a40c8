"""Dated parameters in the OpenFisca manner.

A parameter is one YAML file: a description, references, the date it was
last reviewed, and values keyed by the date they take effect. Looking a
parameter up "as of" a date returns the newest value on or before that
date; a ``null`` value ends the rule. Files are validated when loaded and
every error names the file and the key at fault.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml's safe loader when PyYAML has it: the same documents, read several times faster (every
# command that reads the rules loads them all at start).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REQUIRED_KEYS = ("description", "references", "last_reviewed", "values")
OPTIONAL_KEYS = ("unit", "name", "notes", "confidence")
CONFIDENCE_LEVELS = ("H", "M", "L", "seed")


class RuleError(ValueError):
    """A parameter file is malformed or a lookup cannot be answered."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        super().__init__(f"{source}: {key}: {message}")


class ScenarioInputError(ValueError):
    """A scenario's ``input`` does not suit its runner (any app's runner raises it)."""


class RuleNotInForce(LookupError):
    """The parameter has no value in force on the date asked."""

    def __init__(self, parameter: str, on: dt.date) -> None:
        self.parameter = parameter
        self.on = on
        super().__init__(f"parameter {parameter!r} has no value in force on {on.isoformat()}")


@dataclass(frozen=True)
class Reference:
    title: str
    href: str


@dataclass(frozen=True)
class Parameter:
    key: str
    description: str
    references: tuple[Reference, ...]
    last_reviewed: dt.date
    values: tuple[tuple[dt.date, Any], ...]
    source: str
    unit: str | None = None
    name: str | None = None
    notes: str | None = None
    confidence: str | None = None

    def value_at(self, on: dt.date) -> Any:
        """The value in force on ``on``; raises :class:`RuleNotInForce` if none."""
        index = bisect.bisect_right([start for start, _ in self.values], on) - 1
        if index < 0 or self.values[index][1] is None:
            raise RuleNotInForce(self.key, on)
        return self.values[index][1]

    def in_force(self, on: dt.date) -> bool:
        try:
            self.value_at(on)
        except RuleNotInForce:
            return False
        return True

    def effective_since(self, on: dt.date) -> dt.date:
        """The date the value in force on ``on`` took effect."""
        self.value_at(on)
        index = bisect.bisect_right([start for start, _ in self.values], on) - 1
        return self.values[index][0]


class ParameterSet(Mapping[str, Parameter]):
    """All parameters, keyed by their path below the parameters folder."""

    def __init__(self, parameters: Mapping[str, Parameter]) -> None:
        self._parameters = dict(parameters)

    def __getitem__(self, key: str) -> Parameter:
        try:
            return self._parameters[key]
        except KeyError:
            raise KeyError(f"no parameter {key!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def value(self, key: str, on: dt.date) -> Any:
        return self[key].value_at(on)

    def under(self, prefix: str) -> dict[str, Parameter]:
        """Parameters in the folder ``prefix``, keyed by their name within it."""
        start = prefix.rstrip("/") + "/"
        return {
            key[len(start) :]: parameter
            for key, parameter in sorted(self._parameters.items())
            if key.startswith(start)
        }


def load_parameters(directory: Path) -> ParameterSet:
    """Load and validate every ``*.yaml`` file below ``directory``."""
    if not directory.is_dir():
        raise RuleError(str(directory), "-", "parameters folder not found")
    parameters: dict[str, Parameter] = {}
    for path in sorted(directory.rglob("*.yaml")):
        key = path.relative_to(directory).with_suffix("").as_posix()
        source = str(path)
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except yaml.YAMLError as error:
            raise RuleError(source, "-", f"not valid YAML: {error}") from None
        except ValueError as error:  # PyYAML's date parsing, e.g. 2020-13-01
            raise RuleError(source, "-", f"not a valid date: {error}") from None
        parameters[key] = parse_parameter(key, document, source)
    return ParameterSet(parameters)


def parse_parameter(key: str, document: object, source: str) -> Parameter:
    if not isinstance(document, dict):
        raise RuleError(source, "-", "a parameter file must be a mapping")
    for required in REQUIRED_KEYS:
        if required not in document:
            raise RuleError(source, required, "missing")
    for present in document:
        if present not in REQUIRED_KEYS + OPTIONAL_KEYS:
            allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
            raise RuleError(source, str(present), f"unknown key (allowed: {allowed})")

    description = document["description"]
    if not isinstance(description, str) or not description.strip():
        raise RuleError(source, "description", "must be a non-empty text")
    last_reviewed = document["last_reviewed"]
    if not isinstance(last_reviewed, dt.date):
        raise RuleError(source, "last_reviewed", "must be a date (YYYY-MM-DD)")
    for text_key in ("unit", "name", "notes"):
        if document.get(text_key) is not None and not isinstance(document[text_key], str):
            raise RuleError(source, text_key, "must be a text")
    confidence = document.get("confidence")
    if confidence is not None and confidence not in CONFIDENCE_LEVELS:
        raise RuleError(source, "confidence", f"must be one of {', '.join(CONFIDENCE_LEVELS)}")

    return Parameter(
        key=key,
        description=description.strip(),
        references=_parse_references(document["references"], source),
        last_reviewed=last_reviewed,
        values=_parse_values(document["values"], source),
        source=source,
        unit=document.get("unit"),
        name=document.get("name"),
        notes=document.get("notes"),
        confidence=confidence,
    )


def _parse_references(raw: object, source: str) -> tuple[Reference, ...]:
    if not isinstance(raw, list) or not raw:
        raise RuleError(source, "references", "needs at least one {title, href}")
    references = []
    for index, item in enumerate(raw):
        where = f"references[{index}]"
        if not isinstance(item, dict):
            raise RuleError(source, where, "must be a mapping with title and href")
        title, href = item.get("title"), item.get("href")
        if not isinstance(title, str) or not title.strip():
            raise RuleError(source, f"{where}.title", "missing")
        if not isinstance(href, str) or not href.startswith(("https://", "http://")):
            raise RuleError(source, f"{where}.href", "must be an http(s) address")
        references.append(Reference(title=title.strip(), href=href))
    return tuple(references)


def _parse_values(raw: object, source: str) -> tuple[tuple[dt.date, Any], ...]:
    if not isinstance(raw, dict) or not raw:
        raise RuleError(source, "values", "must map effective dates to values")
    values = []
    for start, value in raw.items():
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            raise RuleError(source, f"values.{start}", "keys must be dates (YYYY-MM-DD)")
        values.append((start, value))
    return tuple(sorted(values, key=lambda item: item[0]))
