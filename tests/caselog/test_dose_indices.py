"""The dose arithmetic: medians and the substantial radiation dose level flags (pure)."""

import datetime as dt
from decimal import Decimal

import pytest

from seldinger.caselog.dose_indices import (
    OverrideError,
    Thresholds,
    figure,
    for_program,
    median,
    parse_overrides,
)
from seldinger.rules import default_parameters

D = Decimal
RULE = Thresholds(dap_gycm2=D(500), air_kerma_mgy=D(5000), fluoro_minutes=D(60))


def test_median_of_an_odd_count_is_the_middle_value():
    assert median([D("9"), D("1"), D("4")]) == D("4")


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([D("10"), D("1"), D("4"), D("7")]) == D("5.5")


def test_a_dose_is_shown_without_trailing_zeros_and_with_thousands():
    assert [figure(D(v)) for v in ("612.00", "42.50", "5000", "0.004")] == [
        "612",
        "42.5",
        "5,000",
        "0",
    ]
    assert figure(None) == "—"


def test_median_of_nothing_is_none():
    assert median([]) is None


def test_the_rule_gives_the_guideline_levels():
    parameters = default_parameters()
    on = dt.date(2026, 1, 1)
    assert parameters.value("dose/air-kerma-mgy", on) == 5000
    assert parameters.value("dose/dap-gycm2", on) == 500
    assert parameters.value("dose/fluoro-minutes", on) == 60
    assert parameters.value("dose/peak-skin-dose-mgy", on) == 3000


@pytest.mark.parametrize(
    ("name", "below", "at", "above", "label"),
    [
        ("dap_gycm2", "499.99", "500", "812.5", "Dose-area product"),
        ("air_kerma_mgy", "4999.99", "5000", "6100", "Reference air kerma"),
        ("fluoro_minutes", "59.99", "60", "75.5", "Fluoroscopy time"),
    ],
)
def test_a_case_is_flagged_at_or_above_a_level_and_not_below(name, below, at, above, label):
    assert RULE.flags({name: D(below)}) == []
    assert RULE.flags({name: D(at)}) == [
        f"{label} {figure(D(at))} {_unit(name)} ≥ {figure(getattr(RULE, name))} {_unit(name)}"
    ]
    assert RULE.flags({name: D(above)})[0].startswith(f"{label} {figure(D(above))} ")


def _unit(name):
    return {"dap_gycm2": "Gy·cm²", "air_kerma_mgy": "mGy", "fluoro_minutes": "min"}[name]


def test_a_case_above_two_levels_names_both():
    flags = RULE.flags({"dap_gycm2": D(600), "air_kerma_mgy": D(10), "fluoro_minutes": D(61)})
    assert [flag.split(" ")[0] for flag in flags] == ["Dose-area", "Fluoroscopy"]


def test_a_program_overrides_only_the_levels_it_sets():
    overrides = parse_overrides('{"7": {"fluoro_minutes": 30}}')
    own = for_program(RULE, overrides, 7)
    assert (own.fluoro_minutes, own.dap_gycm2) == (D(30), D(500))
    assert for_program(RULE, overrides, 8) == RULE
    assert own.flags({"fluoro_minutes": D(45)}) and not RULE.flags({"fluoro_minutes": D(45)})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ('{"x": {}}', "program 'x'"),
        ('{"7": {"peak": 3}}', "unknown index 'peak'"),
        ('{"7": {"dap_gycm2": -1}}', "dap_gycm2 must be a positive number"),
    ],
)
def test_a_malformed_override_says_what_and_where(text, message):
    with pytest.raises(OverrideError, match=message) as raised:
        parse_overrides(text)
    assert str(raised.value).startswith("SELDINGER_DOSE_SRDL_OVERRIDES")
