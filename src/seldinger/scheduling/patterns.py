"""The work-period rules (24+4, rest after call, rest between periods) as forbidden patterns.

Pure: no Django. Rather than restating the work-hour checker's rules, the solver asks
the checker itself: every small set of a resident's activities over a few consecutive
days (a rotation's day work, a call kind's shift) is laid out as shifts and checked
with :func:`seldinger.workhours.rules.assess`; the minimal sets that break a rule (or
overlap) become clauses "not all of these". A period of at most 24 + 4 hours and the
rest after it fit in four days, so four-day windows see every such violation; a
solved schedule is checked again by the checker in the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from seldinger.workhours.rules import Limits, Shift, ShiftError, assess

WINDOW_DAYS = 4
PERIOD_RULES = ("24+4", "rest-after-24h-call", "rest-between-periods")
OVERLAP = "overlap"
_BASE = dt.datetime(2001, 1, 1)  # any Monday: only differences of times matter


@dataclass(frozen=True)
class Activity:
    """A shift template: a rotation's day work or a call kind's shift."""

    label: str
    start: int
    """Minutes after midnight."""
    minutes: int
    checker_kind: str
    work: bool
    """Rotation day work (at most one template a day)."""


@dataclass(frozen=True)
class Pattern:
    """Activities (by template index, day offset) that must not all happen; ``rule`` says why."""

    items: tuple[tuple[int, int], ...]
    rule: str


def _shifts(templates: tuple[Activity, ...], items: tuple[tuple[int, int], ...]) -> list[Shift]:
    shifts = []
    for index, offset in items:
        template = templates[index]
        start = _BASE + dt.timedelta(days=offset, minutes=template.start)
        shifts.append(
            Shift("r", start, start + dt.timedelta(minutes=template.minutes), template.checker_kind)
        )
    return shifts


def _broken(
    templates: tuple[Activity, ...], items: tuple[tuple[int, int], ...], limits: Limits
) -> str | None:
    try:
        found = assess(_shifts(templates, items), limits, planned=True)
    except ShiftError:
        return OVERLAP
    rules = sorted({v.rule for v in found.violations if v.rule in PERIOD_RULES})
    return rules[0] if rules else None


@cache
def forbidden_patterns(
    templates: tuple[Activity, ...], limits: Limits, most: int = 5
) -> tuple[Pattern, ...]:
    """The minimal sets of at most ``most`` activities (starting on day 0) that break a rule."""
    instances = [(i, day) for day in range(WINDOW_DAYS) for i in range(len(templates))]
    found: list[Pattern] = []
    found_sets: list[frozenset[tuple[int, int]]] = []
    for size in range(1, most + 1):
        for items in combinations(instances, size):
            if not any(day == 0 for _, day in items):
                continue
            works = [(i, day) for i, day in items if templates[i].work]
            if len({day for _, day in works}) < len(works):
                continue  # two day-work templates on one day cannot happen
            chosen = frozenset(items)
            if any(
                {(i, day + shift) for i, day in known} <= chosen
                for known in found_sets
                for shift in range(WINDOW_DAYS)
            ):
                continue  # holds a smaller pattern, perhaps a day later
            rule = _broken(templates, items, limits)
            if rule is not None:
                found.append(Pattern(items, rule))
                found_sets.append(chosen)
    return tuple(found)
