"""Every shipped parameter file carries its description, references and review date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from seldinger.rules import PARAMETERS_DIR, default_parameters, load_parameters
from seldinger.rules.engine import CONFIDENCE_LEVELS, RuleError

PARAMETER_FILES = sorted(PARAMETERS_DIR.rglob("*.yaml"))


def _ids(path: Path) -> str:
    return path.relative_to(PARAMETERS_DIR).as_posix()


def _load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path}: not a mapping"
    return document


def test_the_parameters_folder_is_not_empty() -> None:
    assert len(PARAMETER_FILES) >= 20


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=_ids)
def test_parameter_file_has_a_description(path: Path) -> None:
    description = _load(path).get("description")
    assert isinstance(description, str), f"{path}: description missing"
    assert description.strip(), f"{path}: description empty"


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=_ids)
def test_parameter_file_has_https_references(path: Path) -> None:
    references = _load(path).get("references")
    assert isinstance(references, list), f"{path}: references missing"
    assert references, f"{path}: references empty"
    for index, reference in enumerate(references):
        assert isinstance(reference, dict), f"{path}: references[{index}] not a mapping"
        title, href = reference.get("title"), reference.get("href")
        assert isinstance(title, str), f"{path}: references[{index}].title missing"
        assert title.strip(), f"{path}: references[{index}].title empty"
        assert isinstance(href, str), f"{path}: references[{index}].href missing"
        assert href.startswith("https://"), f"{path}: references[{index}].href not https"


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=_ids)
def test_parameter_file_has_a_last_reviewed_date(path: Path) -> None:
    last_reviewed = _load(path).get("last_reviewed")
    assert isinstance(last_reviewed, dt.date), f"{path}: last_reviewed not a date"
    assert not isinstance(last_reviewed, dt.datetime), f"{path}: last_reviewed has a time"
    # The day someone compared the file with its references: never a date still to come.
    assert last_reviewed <= dt.date.today(), f"{path}: last_reviewed {last_reviewed} is ahead"


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=_ids)
def test_parameter_file_values_are_keyed_by_dates(path: Path) -> None:
    values = _load(path).get("values")
    assert isinstance(values, dict), f"{path}: values missing"
    assert values, f"{path}: values empty"
    for start in values:
        assert isinstance(start, dt.date), f"{path}: values key {start!r} is not a date"
        assert not isinstance(start, dt.datetime), f"{path}: values key {start!r} has a time"
    first = min(values)
    assert values[first] is not None, f"{path}: the first value cannot end a rule (null)"


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=_ids)
def test_parameter_file_confidence_is_a_known_level(path: Path) -> None:
    confidence = _load(path).get("confidence")
    assert confidence is None or confidence in CONFIDENCE_LEVELS, f"{path}: confidence"


def test_shipped_parameters_load_and_validate() -> None:
    parameters = default_parameters()
    assert set(parameters) == {_ids(path).removesuffix(".yaml") for path in PARAMETER_FILES}


def test_a_file_without_references_fails_naming_the_file_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "abr"
    folder.mkdir()
    bad = folder / "no-references.yaml"
    bad.write_text(
        "description: A rule without references.\n"
        "last_reviewed: 2026-11-22\n"
        "values:\n"
        "  2020-01-01: 1\n",
        encoding="utf-8",
    )

    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)

    assert raised.value.source == str(bad)
    assert raised.value.key == "references"
    assert str(bad) in str(raised.value)
    assert "references" in str(raised.value)


def test_a_file_with_empty_references_fails(tmp_path: Path) -> None:
    bad = tmp_path / "empty-references.yaml"
    bad.write_text(
        "description: A rule with an empty reference list.\n"
        "references: []\n"
        "last_reviewed: 2026-11-22\n"
        "values:\n"
        "  2020-01-01: 1\n",
        encoding="utf-8",
    )

    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)

    assert (raised.value.source, raised.value.key) == (str(bad), "references")
