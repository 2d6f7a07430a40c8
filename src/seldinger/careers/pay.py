"""Pay figures from the careers rule data (pure: no Django).

Every figure keeps its source, year and references. The seed's salary
ranges name no source and stay apart from the sourced figures, labelled
unsourced wherever they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypeVar, get_type_hints

from seldinger.rules.engine import Parameter, ParameterSet

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

PREFIX = "careers"
SOURCED_AVERAGES = ("pay-radiology-average-doximity", "pay-radiology-average-medscape")
DIFFERENTIALS = "ir-pay-differentials-mgma"
GROWTH = "ir-pay-growth"
SEED_RANGES = "seed-salary-ranges"
MEMBERSHIP = "sir-membership"

Figure = TypeVar("Figure", bound="DataclassInstance")


@dataclass(frozen=True)
class SourceRef:
    parameter: str
    title: str
    href: str
    confidence: str | None


@dataclass(frozen=True)
class SourcedAverage:
    source: str
    data_year: int
    amount_usd: int
    measure: str
    report: str
    confidence: str | None


@dataclass(frozen=True)
class Differential:
    label: str
    percent: float
    data_year: int
    source: str


@dataclass(frozen=True)
class Growth:
    period: str
    academic_percent_a_year: float
    nonacademic_percent_a_year: float
    source: str


@dataclass(frozen=True)
class SeedRange:
    setting: str
    low_usd: int
    high_usd: int
    outlook: str
    source: str


@dataclass(frozen=True)
class MembershipType:
    key: str
    name: str
    annual_dues_usd: int
    rfs_section: bool
    source: str


@dataclass(frozen=True)
class PayOverview:
    averages: tuple[SourcedAverage, ...]
    differentials: tuple[Differential, ...]
    growth: tuple[Growth, ...]
    seed_ranges: tuple[SeedRange, ...]
    sources: tuple[SourceRef, ...]
    seed_sources: tuple[SourceRef, ...]


def _entries(parameter: Parameter) -> list[dict[str, Any]]:
    return [value for _, value in parameter.values if isinstance(value, dict)]


def _read(kind: type[Figure], data: Mapping[str, Any], **given: object) -> Figure:
    """A ``kind`` from one item of the rule data: each field not ``given`` is read from
    ``data`` as the field's type (``str``, ``int``, ``float`` or ``bool``)."""
    types = get_type_hints(kind)
    read = {f.name: types[f.name](data[f.name]) for f in fields(kind) if f.name not in given}
    return kind(**read, **given)


def _refs(key: str, parameter: Parameter) -> list[SourceRef]:
    return [
        SourceRef(key, ref.title, ref.href, parameter.confidence) for ref in parameter.references
    ]


def pay_overview(rules: ParameterSet) -> PayOverview:
    """Every pay figure in the rule data, with its sources; seed ranges kept apart."""
    careers = rules.under(PREFIX)
    averages: list[SourcedAverage] = []
    sources: list[SourceRef] = []
    for key in SOURCED_AVERAGES:
        parameter = careers[key]
        sources += _refs(key, parameter)
        averages += [
            _read(SourcedAverage, entry, confidence=parameter.confidence)
            for entry in _entries(parameter)
        ]
    averages.sort(key=lambda item: (item.data_year, item.source))

    parameter = careers[DIFFERENTIALS]
    sources += _refs(DIFFERENTIALS, parameter)
    differentials = [
        _read(Differential, item, data_year=int(entry["data_year"]), source=str(entry["source"]))
        for entry in _entries(parameter)
        for item in entry["differentials"]
    ]

    parameter = careers[GROWTH]
    sources += [ref for ref in _refs(GROWTH, parameter) if ref.href not in _hrefs(sources)]
    growth = [_read(Growth, entry) for entry in _entries(parameter)]

    parameter = careers[SEED_RANGES]
    seed_ranges = [
        _read(SeedRange, item, source=str(entry["source"]))
        for entry in _entries(parameter)[-1:]
        for item in entry["ranges"]
    ]
    return PayOverview(
        averages=tuple(averages),
        differentials=tuple(differentials),
        growth=tuple(growth),
        seed_ranges=tuple(seed_ranges),
        sources=tuple(sources),
        seed_sources=tuple(_refs(SEED_RANGES, parameter)),
    )


def _hrefs(refs: list[SourceRef]) -> set[str]:
    return {ref.href for ref in refs}


def membership_types(rules: ParameterSet) -> tuple[MembershipType, ...]:
    """SIR in-training membership types (seed figures) in the newest entry."""
    parameter = rules.under(PREFIX)[MEMBERSHIP]
    entries = _entries(parameter)
    if not entries:
        return ()
    entry = entries[-1]
    return tuple(
        _read(MembershipType, item, source=str(entry["source"])) for item in entry["types"]
    )


def chart_data(overview: PayOverview) -> dict[str, Any]:
    """Chart.js data: sourced averages as bars; seed ranges as floating bars, apart."""
    return {
        "sourced": {
            "labels": [f"{item.source} {item.data_year}" for item in overview.averages],
            "values": [item.amount_usd for item in overview.averages],
            "title": "Radiology average pay by source and year (sourced)",
        },
        "unsourced": {
            "labels": [item.setting for item in overview.seed_ranges],
            "ranges": [[item.low_usd, item.high_usd] for item in overview.seed_ranges],
            "title": "UNSOURCED: seed 004's salary ranges by setting",
        },
    }
