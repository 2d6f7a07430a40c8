"""IR Milestones 2.0 (pure core): the set, level checks, periods and a resident's summary.

The 31 subcompetencies come from the dated parameter
``milestones/ir-milestones-2``. A rating is a level from 1 to 5 in steps of
0.5, or "not yet assessable" (``None`` here, ``"nya"`` when stored).
Evaluation periods are semiannual: academic year ``Y`` (July Y to June Y+1),
half 1 = July-December, half 2 = January-June.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from seldinger.rules.engine import ParameterSet

PARAMETER_KEY = "milestones/ir-milestones-2"
#: How "not yet assessable" is stored and accepted.
NOT_YET_ASSESSABLE = "nya"
NOT_YET_ASSESSABLE_LABEL = "Not yet assessable"
_NYA_SPELLINGS = {"nya", "not yet assessable", "not-yet-assessable", "not_yet_assessable"}

#: A rating: a level (1.0-5.0) or None for "not yet assessable".
Level = float | None

#: Sources of a rating sheet.
CCC = "ccc"
FACULTY = "faculty"
SELF = "self"


class MilestoneDataError(ValueError):
    """The milestone parameter is malformed."""


class LevelError(ValueError):
    """A value that is not a milestone level."""


@dataclass(frozen=True)
class Competency:
    key: str
    name: str


@dataclass(frozen=True)
class Subcompetency:
    key: str
    name: str
    competency: Competency
    #: The milestone set's own text for each whole level of this subcompetency, when the
    #: rule data carries it (with ``reference``); else the general meanings are shown.
    level_texts: Mapping[int, str] = field(default_factory=dict)
    reference: str = ""

    @property
    def label(self) -> str:
        return f"{self.key.upper()} {self.name}"


@dataclass(frozen=True)
class MilestoneSet:
    name: str
    effective: dt.date
    competencies: tuple[Competency, ...]
    subcompetencies: tuple[Subcompetency, ...]
    minimum: Decimal
    maximum: Decimal
    step: Decimal
    graduation_target: float
    aspirational: float
    level_descriptions: Mapping[int, str]
    #: Where the level descriptions come from: (title, address).
    references: tuple[tuple[str, str], ...] = ()

    def meaning(self, level: Level, subcompetency: Subcompetency | None = None) -> str:
        """What a rating means: the subcompetency's own text for a whole level when the
        data has it, else the general meaning; a half level lies between two."""
        if level is None:
            return "Not enough evidence yet to choose a level."
        texts = (subcompetency.level_texts if subcompetency else None) or self.level_descriptions
        whole = int(level)
        if level == whole:
            return texts.get(whole, "")
        below, above = texts.get(whole, ""), texts.get(whole + 1, "")
        return f"Between level {whole} ({below}) and level {whole + 1} ({above})."

    def get(self, key: str) -> Subcompetency | None:
        return next((item for item in self.subcompetencies if item.key == key), None)

    def subcompetency_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.subcompetencies)

    def of_competency(self, key: str) -> tuple[Subcompetency, ...]:
        return tuple(item for item in self.subcompetencies if item.competency.key == key)

    def levels(self) -> tuple[float, ...]:
        """Every valid level, lowest first (1.0, 1.5, ... 5.0)."""
        found: list[float] = []
        value = self.minimum
        while value <= self.maximum:
            found.append(float(value))
            value += self.step
        return tuple(found)

    def level_rule(self) -> str:
        return (
            f"use a level from {format_level(float(self.minimum))} to "
            f"{format_level(float(self.maximum))} in steps of {self.step} "
            f'(for example 3 or 3.5), or "not yet assessable"'
        )


def _text(raw: Mapping[str, object], name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise MilestoneDataError(f"{where}.{name}: needs a text")
    return value.strip()


def _number(raw: Mapping[str, object], name: str) -> Decimal:
    value = raw.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MilestoneDataError(f"levels.{name}: needs a number")
    return Decimal(str(value))


def load_milestone_set(rules: ParameterSet, on: dt.date) -> MilestoneSet:
    """The milestone set in force on ``on`` (RuleNotInForce before Dec 2019)."""
    parameter = rules[PARAMETER_KEY]
    value = parameter.value_at(on)
    if not isinstance(value, Mapping):
        raise MilestoneDataError("value: needs a mapping")
    levels = value.get("levels")
    if not isinstance(levels, Mapping):
        raise MilestoneDataError("levels: needs a mapping")
    competencies: dict[str, Competency] = {}
    for index, raw in enumerate(value.get("competencies") or ()):
        if not isinstance(raw, Mapping):
            raise MilestoneDataError(f"competencies[{index}]: needs a mapping")
        competency = Competency(
            _text(raw, "key", f"competencies[{index}]"),
            _text(raw, "name", f"competencies[{index}]"),
        )
        competencies[competency.key] = competency
    subcompetencies: list[Subcompetency] = []
    for index, raw in enumerate(value.get("subcompetencies") or ()):
        where = f"subcompetencies[{index}]"
        if not isinstance(raw, Mapping):
            raise MilestoneDataError(f"{where}: needs a mapping")
        competency_key = _text(raw, "competency", where)
        if competency_key not in competencies:
            raise MilestoneDataError(f"{where}.competency: unknown {competency_key!r}")
        texts = raw.get("levels") or {}
        if not isinstance(texts, Mapping):
            raise MilestoneDataError(f"{where}.levels: needs a mapping of level to text")
        reference = str(raw.get("reference") or "")
        if texts and not reference:
            raise MilestoneDataError(f"{where}.reference: level texts need their reference")
        subcompetencies.append(
            Subcompetency(
                _text(raw, "key", where),
                _text(raw, "name", where),
                competencies[competency_key],
                level_texts={int(level): str(text) for level, text in texts.items()},
                reference=reference,
            )
        )
    if len({item.key for item in subcompetencies}) != len(subcompetencies):
        raise MilestoneDataError("subcompetencies: keys must be unique")
    descriptions = levels.get("descriptions") or {}
    if not isinstance(descriptions, Mapping):
        raise MilestoneDataError("levels.descriptions: needs a mapping")
    return MilestoneSet(
        name=parameter.name or PARAMETER_KEY,
        effective=parameter.effective_since(on),
        competencies=tuple(competencies.values()),
        subcompetencies=tuple(subcompetencies),
        minimum=_number(levels, "minimum"),
        maximum=_number(levels, "maximum"),
        step=_number(levels, "step"),
        graduation_target=float(_number(levels, "graduation_target")),
        aspirational=float(_number(levels, "aspirational")),
        level_descriptions={int(level): str(text) for level, text in descriptions.items()},
        references=tuple((item.title, item.href) for item in parameter.references),
    )


def format_level(level: Level) -> str:
    """``4.0`` -> "4", ``3.5`` -> "3.5", ``None`` -> "Not yet assessable"."""
    if level is None:
        return NOT_YET_ASSESSABLE_LABEL
    return f"{level:g}"


def parse_level(milestones: MilestoneSet, value: object) -> Level:
    """A level from a number or text; None for "not yet assessable"; LevelError otherwise."""
    if isinstance(value, str) and value.strip().lower() in _NYA_SPELLINGS:
        return None
    if isinstance(value, bool) or value is None:
        raise LevelError(f"{value!r} is not a milestone level: {milestones.level_rule()}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise LevelError(
            f"{str(value)!r} is not a milestone level: {milestones.level_rule()}."
        ) from None
    if not number.is_finite():
        raise LevelError(f"{value} is not a milestone level: {milestones.level_rule()}.")
    shown = f"{number.normalize():f}"
    if number < milestones.minimum or number > milestones.maximum:
        raise LevelError(f"{shown} is outside the milestone levels: {milestones.level_rule()}.")
    if (number - milestones.minimum) % milestones.step != 0:
        raise LevelError(f"{shown} is not a whole or half level: {milestones.level_rule()}.")
    return float(number)


def stored_level(level: Level) -> float | str:
    """How a level is stored (JSON): the number, or "nya"."""
    return NOT_YET_ASSESSABLE if level is None else level


def check_ratings(
    milestones: MilestoneSet, ratings: Mapping[str, object], *, complete: bool
) -> tuple[dict[str, Level], dict[str, str]]:
    """Parse a rating sheet: (levels by key, errors by key).

    Blank values are left out. With ``complete`` every subcompetency needs a
    rating (a level or "not yet assessable"); unknown keys are errors.
    """
    levels: dict[str, Level] = {}
    errors: dict[str, str] = {}
    known = set(milestones.subcompetency_keys())
    for key, value in ratings.items():
        if key not in known:
            errors[key] = f"{key!r} is not a subcompetency of {milestones.name}."
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            levels[key] = parse_level(milestones, value)
        except LevelError as error:
            errors[key] = f"{key.upper()}: {error}"
    if complete:
        for item in milestones.subcompetencies:
            if item.key not in levels and item.key not in errors:
                errors[item.key] = (
                    f"{item.key.upper()} {item.name}: needs a level or "
                    '"not yet assessable" before submitting.'
                )
    return levels, errors


def load_stored(ratings: Mapping[str, object]) -> dict[str, Level]:
    """Stored ratings (numbers or "nya") back to levels; anything else is dropped."""
    levels: dict[str, Level] = {}
    for key, value in ratings.items():
        if value == NOT_YET_ASSESSABLE:
            levels[key] = None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            levels[key] = float(value)
    return levels


# ---------------------------------------------------------------- periods


@dataclass(frozen=True, order=True)
class Period:
    """A semiannual evaluation period: ``academic_year`` starts in July; half 1 or 2."""

    academic_year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError("half must be 1 (July-December) or 2 (January-June)")
        if not 1900 <= self.academic_year <= 2999:
            raise ValueError("academic year out of range")

    @property
    def key(self) -> str:
        return f"{self.academic_year}-{self.half}"

    @property
    def start(self) -> dt.date:
        if self.half == 1:
            return dt.date(self.academic_year, 7, 1)
        return dt.date(self.academic_year + 1, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.half == 1:
            return dt.date(self.academic_year, 12, 31)
        return dt.date(self.academic_year + 1, 6, 30)

    @property
    def label(self) -> str:
        year = f"{self.academic_year}-{(self.academic_year + 1) % 100:02d}"
        months = "Jul-Dec" if self.half == 1 else "Jan-Jun"
        return f"{year} {months} {self.start.year}"

    @property
    def short_label(self) -> str:
        months = "Jul-Dec" if self.half == 1 else "Jan-Jun"
        return f"{months} {self.start.year}"

    def previous(self) -> Period:
        return (
            Period(self.academic_year, 1) if self.half == 2 else Period(self.academic_year - 1, 2)
        )


def period_of(on: dt.date) -> Period:
    """The period containing ``on``."""
    if on.month >= 7:
        return Period(on.year, 1)
    return Period(on.year - 1, 2)


def parse_period(value: str) -> Period:
    """``"2024-1"`` (Jul-Dec 2024) or ``"2024-2"`` (Jan-Jun 2025); ValueError otherwise."""
    year, _, half = value.strip().partition("-")
    if not (year.isdigit() and half in ("1", "2")):
        raise ValueError(
            f"{value!r} is not a period: use YEAR-1 (July-December) or YEAR-2 "
            "(January-June of the next year), YEAR being the academic year's start."
        )
    return Period(int(year), int(half))


def recent_periods(on: dt.date, count: int) -> tuple[Period, ...]:
    """The period containing ``on`` and the ``count - 1`` before it, newest first."""
    found = [period_of(on)]
    while len(found) < count:
        found.append(found[-1].previous())
    return tuple(found)


# ---------------------------------------------------------------- summary


@dataclass(frozen=True)
class RatingSheet:
    """One evaluation or self-assessment: its period, source (ccc/faculty/self) and levels."""

    period: Period
    source: str
    ratings: Mapping[str, Level]


@dataclass(frozen=True)
class PeriodPoint:
    period: Period
    ccc: float | None
    faculty: float | None  # mean of the faculty evaluations' levels
    faculty_count: int
    self_assessment: float | None

    @property
    def evaluation(self) -> float | None:
        """The period's level: the committee's, else the faculty mean."""
        return self.ccc if self.ccc is not None else self.faculty


@dataclass(frozen=True)
class SubcompetencySummary:
    subcompetency: Subcompetency
    points: tuple[PeriodPoint, ...]  # one per summary period, oldest first
    latest: float | None
    reached_target: bool


@dataclass(frozen=True)
class ResidentSummary:
    periods: tuple[Period, ...]
    rows: tuple[SubcompetencySummary, ...]
    graduation_target: float


def _mean(values: list[float]) -> float | None:
    if not values:
        return None
    return round(sum(values) / len(values), 2)


def summarise(milestones: MilestoneSet, sheets: Iterable[RatingSheet]) -> ResidentSummary:
    """A resident's levels per subcompetency and period: committee, faculty mean, self.

    "Not yet assessable" counts as no level; periods with no sheet are left out.
    """
    by_period: dict[Period, list[RatingSheet]] = {}
    for sheet in sheets:
        by_period.setdefault(sheet.period, []).append(sheet)
    periods = tuple(sorted(by_period))
    rows: list[SubcompetencySummary] = []
    for item in milestones.subcompetencies:
        points: list[PeriodPoint] = []
        for period in periods:
            values: dict[str, list[float]] = {CCC: [], FACULTY: [], SELF: []}
            for sheet in by_period[period]:
                level = sheet.ratings.get(item.key)
                if level is not None and sheet.source in values:
                    values[sheet.source].append(level)
            points.append(
                PeriodPoint(
                    period=period,
                    ccc=_mean(values[CCC]),
                    faculty=_mean(values[FACULTY]),
                    faculty_count=len(values[FACULTY]),
                    self_assessment=_mean(values[SELF]),
                )
            )
        evaluated = [point.evaluation for point in points if point.evaluation is not None]
        latest = evaluated[-1] if evaluated else None
        rows.append(
            SubcompetencySummary(
                subcompetency=item,
                points=tuple(points),
                latest=latest,
                reached_target=latest is not None and latest >= milestones.graduation_target,
            )
        )
    return ResidentSummary(periods, tuple(rows), milestones.graduation_target)


def chart_data(milestones: MilestoneSet, summary: ResidentSummary) -> dict[str, object]:
    """Plain data for the chart (json_script): periods, groups and series per subcompetency."""
    return {
        "periods": [period.short_label for period in summary.periods],
        "target": milestones.graduation_target,
        "minimum": float(milestones.minimum),
        "maximum": float(milestones.maximum),
        "competencies": [
            {
                "key": competency.key,
                "name": competency.name,
                "subcompetencies": [item.key for item in milestones.of_competency(competency.key)],
            }
            for competency in milestones.competencies
        ],
        "subcompetencies": {
            row.subcompetency.key: {
                "label": row.subcompetency.label,
                "evaluation": [point.evaluation for point in row.points],
                "ccc": [point.ccc for point in row.points],
                "faculty": [point.faculty for point in row.points],
                "self": [point.self_assessment for point in row.points],
            }
            for row in summary.rows
        },
    }
