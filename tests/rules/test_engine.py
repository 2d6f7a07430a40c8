"""The dated-parameter engine: lookups and validation errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from seldinger.rules.engine import ParameterSet, RuleError, RuleNotInForce, load_parameters

HEADER = (
    "description: {description}\n"
    "references:\n"
    "  - title: Example reference\n"
    "    href: https://example.org/rule\n"
    "last_reviewed: 2026-11-22\n"
)


def write(folder: Path, key: str, body: str, *, description: str = "A dated rule.") -> Path:
    path = folder / f"{key}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(description=description) + body, encoding="utf-8")
    return path


@pytest.fixture
def rules(tmp_path: Path) -> ParameterSet:
    write(
        tmp_path,
        "abr/fee",
        "unit: dollars\n"
        "confidence: H\n"
        "values:\n"
        "  2017-01-01: 640\n"
        "  2020-07-01: 700\n"
        "  2023-01-01: null\n"
        "  2025-01-01: 800\n",
    )
    write(tmp_path, "other/flag", "values:\n  2012-01-01: {on: true}\n")
    return load_parameters(tmp_path)


def test_parameters_are_keyed_by_their_path(rules: ParameterSet) -> None:
    assert sorted(rules) == ["abr/fee", "other/flag"]
    assert len(rules) == 2
    assert list(rules.under("abr")) == ["fee"]
    assert rules["abr/fee"].unit == "dollars"
    assert rules["abr/fee"].confidence == "H"
    assert rules["abr/fee"].last_reviewed == dt.date(2026, 11, 22)
    assert rules["abr/fee"].references[0].href == "https://example.org/rule"


def test_lookup_returns_the_newest_value_on_or_before_the_date(rules: ParameterSet) -> None:
    fee = rules["abr/fee"]
    assert fee.value_at(dt.date(2017, 1, 1)) == 640
    assert fee.value_at(dt.date(2020, 6, 30)) == 640
    assert fee.value_at(dt.date(2020, 7, 1)) == 700
    assert fee.value_at(dt.date(2022, 12, 31)) == 700
    assert rules.value("abr/fee", dt.date(2019, 3, 3)) == 640
    assert fee.effective_since(dt.date(2021, 5, 5)) == dt.date(2020, 7, 1)


def test_before_the_first_date_the_rule_is_not_in_force(rules: ParameterSet) -> None:
    fee = rules["abr/fee"]
    assert not fee.in_force(dt.date(2016, 12, 31))
    with pytest.raises(RuleNotInForce) as raised:
        fee.value_at(dt.date(2016, 12, 31))
    assert raised.value.parameter == "abr/fee"
    assert raised.value.on == dt.date(2016, 12, 31)


def test_null_ends_a_rule(rules: ParameterSet) -> None:
    fee = rules["abr/fee"]
    assert not fee.in_force(dt.date(2023, 1, 1))
    assert not fee.in_force(dt.date(2024, 12, 31))
    with pytest.raises(RuleNotInForce):
        fee.value_at(dt.date(2024, 6, 1))


def test_a_later_value_restarts_an_ended_rule(rules: ParameterSet) -> None:
    fee = rules["abr/fee"]
    assert fee.in_force(dt.date(2025, 1, 1))
    assert fee.value_at(dt.date(2025, 1, 1)) == 800
    assert fee.value_at(dt.date(2099, 1, 1)) == 800


def test_unknown_parameter_names_the_key(rules: ParameterSet) -> None:
    with pytest.raises(KeyError, match="abr/missing"):
        rules["abr/missing"]


def test_unknown_key_names_the_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "abr/typo", "values:\n  2020-01-01: 1\nrefrences: []\n")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "refrences")
    assert "unknown key" in raised.value.message


def test_bad_date_key_names_the_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "abr/bad-date", "values:\n  2020-7-1: 1\n")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert raised.value.source == str(path)
    assert raised.value.key == "values.2020-7-1"
    assert "dates" in raised.value.message


def test_text_date_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "abr/text-date", "values:\n  from 2020: 1\n")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "values.from 2020")


def test_date_and_time_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "abr/timestamp", "values:\n  2020-07-01 08:00:00: 1\n")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert raised.value.source == str(path)
    assert raised.value.key.startswith("values.2020-07-01")


def test_impossible_date_key_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "abr/impossible-date", "values:\n  2020-13-01: 1\n")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert raised.value.source == str(path)
    assert raised.value.message == "not a valid date: month must be in 1..12"


def test_missing_description_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "no-description.yaml"
    path.write_text(
        "references:\n"
        "  - title: Example reference\n"
        "    href: https://example.org/rule\n"
        "last_reviewed: 2026-11-22\n"
        "values:\n"
        "  2020-01-01: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "description")
    assert str(path) in str(raised.value)


def test_blank_description_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "blank", "values:\n  2020-01-01: 1\n", description="' '")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "description")


def test_unknown_confidence_level_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "guess", "confidence: X\nvalues:\n  2020-01-01: 1\n")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "confidence")


def test_last_reviewed_must_be_a_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.yaml"
    path.write_text(
        HEADER.format(description="x").replace("2026-11-22", "soon") + "values:\n  2020-01-01: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "last_reviewed")


def test_http_reference_without_address_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "nohref", "values:\n  2020-01-01: 1\n").with_name("nohref.yaml")
    path.write_text(
        path.read_text(encoding="utf-8").replace("https://example.org/rule", "example.org"),
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert (raised.value.source, raised.value.key) == (str(path), "references[0].href")


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("description: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError) as raised:
        load_parameters(tmp_path)
    assert raised.value.source == str(path)
    assert "not valid YAML" in raised.value.message


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="parameters folder not found"):
        load_parameters(tmp_path / "nowhere")
