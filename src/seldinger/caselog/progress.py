"""Progress against case requirements (pure core: no Django).

Given a trainee's case facts (date, category, role, skill level, and how many
cases share them), the requirement definitions that apply to the trainee, the
date asked ("as of"), the training start and the expected graduation date,
``progress_from_facts`` returns done against required for every requirement,
whether it is met, a projection to graduation, the cases per category and the
skill-level mix by month. It tallies the facts (``tally_facts``: per category
and role, and per month) and hands the tallies to ``compute_progress``; the
database layer builds the same tallies with aggregate queries instead, so
that thousands of cases never become Python objects.

Which cases count
    Every case in the log performed on or before ``as_of``, whatever its
    verification status (verification is shown separately). A requirement
    counts the cases of its category (or of every category when it names none)
    whose role is one of its roles. ``total_cases`` and ``by_category`` count
    every role.

How ``projected_at_graduation`` is computed
    pace = the cases counting toward the requirement performed in the *pace
    window*, divided by the window's length in days. The window is the last
    365 days up to and including ``as_of``, shortened to start at the training
    start (or, with no training start known, at the first case in the log)
    when that is later. The last twelve months reflect the trainee's current
    rotations (case volume grows during training) while smoothing over the
    rotation schedule within a year.

    projected_at_graduation = done + floor(pace x days from ``as_of`` to the
    graduation date), i.e. ``done + (window cases x remaining days) // window
    days``, in whole cases, rounded down. On or after the graduation date the
    projection is ``done``. With no graduation date the projection is ``None``
    (JSON ``null``) and the status says so, unless the requirement is already
    met.

Status of a requirement
    ``met`` (done >= required); else ``on track`` (projection >= required);
    else ``shortfall`` (projection < required; ``shortfall`` = required -
    projection); else, with no graduation date, ``no graduation date``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from seldinger.rules.engine import ParameterSet, RuleError, RuleNotInForce

SKILL_LEVELS = ("basic", "intermediate", "advanced")
UNKNOWN_SKILL = "unknown"
PACE_WINDOW_DAYS = 365
DAYS_PER_MONTH = 365.25 / 12

MET = "met"
ON_TRACK = "on track"
SHORTFALL = "shortfall"
NO_GRADUATION_DATE = "no graduation date"


@dataclass(frozen=True)
class CaseFact:
    """``count`` cases sharing a date, category, role and skill level."""

    performed_on: dt.date
    category: str
    role: str
    skill_level: str = UNKNOWN_SKILL
    count: int = 1


@dataclass(slots=True)
class CaseTally:
    """Cases (up to the date asked) sharing a category and role.

    ``recent``: how many of them fall on or after ``pace_floor(as_of, training_start)``;
    ``first``: the earliest date among them. (Slots, not frozen: a cohort's page makes two
    thousand of them, four times as fast.)
    """

    category: str
    role: str
    count: int
    recent: int = 0
    first: dt.date | None = None


@dataclass
class MonthCounts:
    """One month's cases (up to the date asked): in all, per requirement key, per skill level."""

    month: str  # YYYY-MM
    total: int
    by_requirement: dict[str, int] = field(default_factory=dict)
    by_skill: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RequirementDefinition:
    """A minimum number of cases: of one category (``None``: every category), in given roles."""

    key: str
    name: str
    minimum: int
    roles: frozenset[str]
    category: str | None = None
    source: str = "program"
    note: str = ""

    def counts(self, category: str, role: str) -> bool:
        return role in self.roles and (self.category is None or self.category == category)


@dataclass(frozen=True)
class RequirementProgress:
    key: str
    name: str
    required: int
    done: int
    met: bool
    projected_at_graduation: int | None
    status: str
    shortfall: int
    pace_cases: int
    pace_per_month: float
    source: str
    category: str | None
    roles: tuple[str, ...]
    note: str

    @property
    def behind(self) -> bool:
        return self.status == SHORTFALL

    @property
    def percent(self) -> int:
        """Done as a percentage of required (capped at 100)."""
        if self.required <= 0:
            return 100
        return min(100, self.done * 100 // self.required)


@dataclass(frozen=True)
class MonthMix:
    month: str  # YYYY-MM
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Progress:
    as_of: dt.date
    training_start: dt.date | None
    graduation: dt.date | None
    total_cases: int
    requirements: tuple[RequirementProgress, ...]
    by_category: dict[str, int]
    by_role: dict[str, int]
    skill_mix: tuple[MonthMix, ...]
    skill_totals: dict[str, int]
    months: tuple[str, ...]
    monthly_total: tuple[int, ...]
    monthly_by_requirement: dict[str, tuple[int, ...]] = field(default_factory=dict)
    pace_window_start: dt.date | None = None
    pace_window_days: int = 0

    @cached_property  # a cohort's page asks each resident's several times
    def behind(self) -> bool:
        return any(requirement.behind for requirement in self.requirements)

    @property
    def remaining_days(self) -> int | None:
        if self.graduation is None:
            return None
        return max(0, (self.graduation - self.as_of).days)


@dataclass(frozen=True)
class InformationalItem:
    """A requirement shown for information only (not counted from the case log)."""

    key: str
    name: str
    text: str
    tracked: str


@dataclass(frozen=True)
class RequirementSet:
    key: str
    name: str
    applies_to: str
    requirements: tuple[RequirementDefinition, ...]
    informational: tuple[InformationalItem, ...]


def _items(value: dict[str, Any], part: str, source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each item of a requirement set's ``part`` list, with where it stands in the file;
    an item without a key and a name is refused."""
    for index, item in enumerate(value.get(part) or []):
        where = f"{part}[{index}]"
        if not isinstance(item, dict) or not item.get("key") or not item.get("name"):
            raise RuleError(source, where, "needs key and name")
        yield where, item


def _referenced(
    rules: ParameterSet, item: dict[str, Any], field: str, on: dt.date, source: str, where: str
) -> Any:
    """The value on ``on`` of the parameter that ``item[field]`` names (``minimum_from``,
    ``value_from``); raises ``RuleNotInForce`` when it has none then."""
    try:
        return rules.value(str(item[field]), on)
    except KeyError:
        raise RuleError(source, f"{where}.{field}", f"no parameter {item[field]!r}") from None


def load_requirement_set(rules: ParameterSet, key: str, *, on: dt.date) -> RequirementSet | None:
    """The requirement set ``requirements/<key>`` in force on ``on``; ``None`` if none is.

    Minimums come from the parameter named by ``minimum_from`` (looked up on
    the same date) so that the numbers live in one file only; a requirement
    whose source parameter is not in force on that date is left out.
    """
    parameter = rules[f"requirements/{key}"]
    try:
        value = parameter.value_at(on)
    except RuleNotInForce:
        return None
    source = parameter.source
    if not isinstance(value, dict):
        raise RuleError(source, "values", "a requirement set must be a mapping")
    definitions = []
    for where, item in _items(value, "requirements", source):
        minimum = item.get("minimum")
        if "minimum_from" in item:
            try:
                minimum = _referenced(rules, item, "minimum_from", on, source, where)
            except RuleNotInForce:
                continue
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
            raise RuleError(source, where, "needs a whole-number minimum or minimum_from")
        roles = item.get("roles")
        if not isinstance(roles, list) or not roles:
            raise RuleError(source, f"{where}.roles", "needs a non-empty list of case roles")
        definitions.append(
            RequirementDefinition(
                key=str(item["key"]),
                name=str(item["name"]),
                minimum=minimum,
                roles=frozenset(str(role) for role in roles),
                category=item.get("category") or None,
                source=key,
                note=str(item.get("note", "")),
            )
        )
    informational = []
    for where, item in _items(value, "informational", source):
        text = str(item.get("text", ""))
        if "value_from" in item:
            try:
                figures = _referenced(rules, item, "value_from", on, source, where)
            except RuleNotInForce:
                continue
            try:
                text = text.format(**figures) if isinstance(figures, dict) else text
            except (KeyError, IndexError) as error:
                raise RuleError(source, f"{where}.text", f"unknown field {error}") from None
        informational.append(
            InformationalItem(
                key=str(item["key"]),
                name=str(item["name"]),
                text=text,
                tracked=str(item.get("tracked", "")),
            )
        )
    return RequirementSet(
        key=key,
        name=parameter.name or key,
        applies_to=str(value.get("applies_to", "")),
        requirements=tuple(definitions),
        informational=tuple(informational),
    )


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_range(first: dt.date, last: dt.date) -> list[str]:
    """Every month from ``first``'s to ``last``'s, inclusive, as YYYY-MM."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def pace_floor(as_of: dt.date, training_start: dt.date | None) -> dt.date:
    """The first day a case can count toward the pace: 365 days back, not before the start."""
    floor = as_of - dt.timedelta(days=PACE_WINDOW_DAYS - 1)
    return max(floor, training_start) if training_start is not None else floor


def pace_window(
    *, as_of: dt.date, training_start: dt.date | None, first_case: dt.date | None
) -> tuple[dt.date, int]:
    """The first day of the pace window and its length in days (0: no window yet).

    Without a training start the window begins at the first case, if that is
    later than 365 days back. The cases in the window are those on or after
    ``pace_floor`` either way (there is no case before the first one).
    """
    start = pace_floor(as_of, training_start)
    if training_start is None and first_case is not None and first_case > start:
        start = first_case
    return start, max(0, (as_of - start).days + 1)


def project(
    *, done: int, window_cases: int, window_days: int, as_of: dt.date, graduation: dt.date | None
) -> int | None:
    """Cases expected by graduation at the current pace (see the module docstring)."""
    if graduation is None:
        return None
    remaining = max(0, (graduation - as_of).days)
    if window_days <= 0 or remaining == 0:
        return done
    return done + (window_cases * remaining) // window_days


def status_of(required: int, done: int, projected: int | None) -> tuple[str, int]:
    """The status and the projected shortfall (0 unless the status is a shortfall)."""
    if done >= required:
        return MET, 0
    if projected is None:
        return NO_GRADUATION_DATE, 0
    if projected >= required:
        return ON_TRACK, 0
    return SHORTFALL, required - projected


def tally_facts(
    facts: Iterable[CaseFact],
    requirements: Sequence[RequirementDefinition],
    *,
    as_of: dt.date,
    training_start: dt.date | None = None,
) -> tuple[list[CaseTally], list[MonthCounts]]:
    """Tallies and monthly counts from day-level facts, in one pass.

    The database path (``selectors_progress``) builds the same two lists with
    aggregate queries; this is the reference it is tested against.
    """
    floor = pace_floor(as_of, training_start)
    tallies: dict[tuple[str, str], list[Any]] = {}
    months: dict[str, MonthCounts] = {}
    for fact in facts:
        if fact.performed_on > as_of or fact.count <= 0:
            continue
        n = fact.count
        entry = tallies.setdefault((fact.category, fact.role), [0, 0, fact.performed_on])
        entry[0] += n
        entry[1] += n if fact.performed_on >= floor else 0
        entry[2] = min(entry[2], fact.performed_on)
        key = month_key(fact.performed_on)
        month = months.get(key)
        if month is None:
            month = months[key] = MonthCounts(key, 0, {}, {})
        month.total += n
        for requirement in requirements:
            if requirement.counts(fact.category, fact.role):
                month.by_requirement[requirement.key] = (
                    month.by_requirement.get(requirement.key, 0) + n
                )
        skill = fact.skill_level if fact.skill_level in SKILL_LEVELS else UNKNOWN_SKILL
        month.by_skill[skill] = month.by_skill.get(skill, 0) + n
    return (
        [
            CaseTally(category, role, count, recent, first)
            for (category, role), (count, recent, first) in sorted(tallies.items())
        ],
        [months[key] for key in sorted(months)],
    )


def compute_progress(
    tallies: Iterable[CaseTally],
    requirements: Sequence[RequirementDefinition],
    *,
    as_of: dt.date,
    training_start: dt.date | None = None,
    graduation: dt.date | None = None,
    monthly: Sequence[MonthCounts] | None = None,
) -> Progress:
    """Progress of one trainee as of ``as_of``.

    ``tallies`` must count only cases up to ``as_of``, with ``recent`` counted
    from ``pace_floor(as_of, training_start)``; ``monthly`` (optional: the
    dashboard's series) the same cases by month, which adds the monthly series
    from the training start (or first case) to ``as_of``.
    """
    total = 0
    first_case: dt.date | None = None
    by_category: dict[str, int] = {}
    by_role: dict[str, int] = {}
    done = [0] * len(requirements)
    recent = [0] * len(requirements)
    # The requirements each (role, category) counts toward; None: every category.
    counted_by: dict[tuple[str, str | None], list[int]] = {}
    for index, requirement in enumerate(requirements):
        for role in requirement.roles:
            counted_by.setdefault((role, requirement.category), []).append(index)
    for tally in tallies:
        count, category, role = tally.count, tally.category, tally.role
        if count <= 0:
            continue
        total += count
        by_category[category] = by_category.get(category, 0) + count
        by_role[role] = by_role.get(role, 0) + count
        if tally.first is not None and (first_case is None or tally.first < first_case):
            first_case = tally.first
        for key in ((role, category), (role, None)):
            for index in counted_by.get(key, ()):
                done[index] += count
                recent[index] += tally.recent
    window_start, window_days = pace_window(
        as_of=as_of, training_start=training_start, first_case=first_case
    )

    results = []
    for index, requirement in enumerate(requirements):
        projected = project(
            done=done[index],
            window_cases=recent[index],
            window_days=window_days,
            as_of=as_of,
            graduation=graduation,
        )
        status, shortfall = status_of(requirement.minimum, done[index], projected)
        results.append(
            RequirementProgress(
                key=requirement.key,
                name=requirement.name,
                required=requirement.minimum,
                done=done[index],
                met=done[index] >= requirement.minimum,
                projected_at_graduation=projected,
                status=status,
                shortfall=shortfall,
                pace_cases=recent[index],
                pace_per_month=round(recent[index] * DAYS_PER_MONTH / window_days, 1)
                if window_days
                else 0.0,
                source=requirement.source,
                category=requirement.category,
                roles=tuple(sorted(requirement.roles)),
                note=requirement.note,
            )
        )

    months: list[str] = []
    skill_totals: dict[str, int] = {}
    by_month = {month.month: month for month in monthly or ()}
    if monthly is not None:
        starts = [day for day in (training_start, first_case) if day is not None]
        first = min(starts) if starts else as_of
        months = month_range(min(first, as_of), as_of)
        skill_totals = dict.fromkeys((*SKILL_LEVELS, UNKNOWN_SKILL), 0)
        for month in monthly:
            for level, count in month.by_skill.items():
                skill_totals[level] = skill_totals.get(level, 0) + count
    empty = MonthCounts("", 0)
    return Progress(
        as_of=as_of,
        training_start=training_start,
        graduation=graduation,
        total_cases=total,
        requirements=tuple(results),
        by_category=dict(sorted(by_category.items())),
        by_role=dict(sorted(by_role.items())),
        skill_mix=tuple(
            MonthMix(
                month,
                {
                    level: by_month.get(month, empty).by_skill.get(level, 0)
                    for level in skill_totals
                },
            )
            for month in months
        ),
        skill_totals=skill_totals,
        months=tuple(months),
        monthly_total=tuple(by_month.get(month, empty).total for month in months),
        monthly_by_requirement={
            requirement.key: tuple(
                by_month.get(month, empty).by_requirement.get(requirement.key, 0)
                for month in months
            )
            for requirement in requirements
        }
        if months
        else {},
        pace_window_start=window_start if window_days else None,
        pace_window_days=window_days,
    )


def progress_from_facts(
    facts: Iterable[CaseFact],
    requirements: Sequence[RequirementDefinition],
    *,
    as_of: dt.date,
    training_start: dt.date | None = None,
    graduation: dt.date | None = None,
) -> Progress:
    """``compute_progress`` from day-level facts (with the monthly series)."""
    tallies, monthly = tally_facts(facts, requirements, as_of=as_of, training_start=training_start)
    return compute_progress(
        tallies,
        requirements,
        as_of=as_of,
        training_start=training_start,
        graduation=graduation,
        monthly=monthly,
    )


def progress_as_dict(progress: Progress, *, trainee: str) -> dict[str, Any]:
    """The JSON shape shared by the CLI, the API and the web page's figures."""
    return {
        "trainee": trainee,
        "as_of": progress.as_of.isoformat(),
        "total_cases": progress.total_cases,
        "requirements": [
            {
                "key": requirement.key,
                "name": requirement.name,
                "required": requirement.required,
                "done": requirement.done,
                "met": requirement.met,
                "projected_at_graduation": requirement.projected_at_graduation,
            }
            for requirement in progress.requirements
        ],
        "by_category": dict(progress.by_category),
    }
