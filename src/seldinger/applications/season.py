"""The Main Residency Match season of a match year, read from the planner (pure core).

The planner already turns ``match/main-residency-match`` into dated events for
a medical student; this module asks it for a fourth-year student whose
residency starts in July of the match year and keeps the match events, so the
tracker, the rank order list deadline and the planner never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seldinger.errors import Invalid
from seldinger.pathways.planner import Event, PlanningError, pathway_keys, plan_path
from seldinger.rules.engine import ParameterSet

MATCH_CALENDAR = "match/main-residency-match"
MATCH_DAY = "main-match-day"
CERTIFICATION = "rank-order-list-certification"
PREFERRED_PATHWAY = "integrated-ir"

#: The match years a list, a round or a checklist may name.
FIRST_MATCH_YEAR, LAST_MATCH_YEAR = 2012, 2100
MATCH_YEARS = f"between {FIRST_MATCH_YEAR} and {LAST_MATCH_YEAR}"


def is_match_year(year: int) -> bool:
    return FIRST_MATCH_YEAR <= year <= LAST_MATCH_YEAR


def match_year_in(text: str) -> int | None:
    """The match year a form or query value names; None when it names none."""
    return int(text) if text.isdigit() and is_match_year(int(text)) else None


def require_match_year(year: int) -> int:
    """``year``, or Invalid (on ``match_year``) when it is no match year."""
    if not is_match_year(year):
        raise Invalid(f"match_year must be {MATCH_YEARS}.", field="match_year")
    return year


@dataclass(frozen=True)
class Season:
    match_year: int
    events: list[Event]
    notes: list[str]

    def event(self, key: str) -> Event | None:
        return next((event for event in self.events if event.key == key), None)

    @property
    def match_day(self) -> dt.date | None:
        event = self.event(MATCH_DAY)
        return event.date if event else None

    @property
    def certification_deadline(self) -> dt.date | None:
        """The last day rank order lists can be certified (or uncertified)."""
        event = self.event(CERTIFICATION)
        if event is not None:
            return event.until or event.date
        match_day = self.match_day
        return match_day - dt.timedelta(days=1) if match_day else None


def season(match_year: int, rules: ParameterSet) -> Season:
    """The dated match events of ``match_year`` (empty, with a note, when not encoded)."""
    residency_start = dt.date(match_year, 7, 1)
    # A fourth year that starts in June of the year before Match Day: its plan lists
    # every season event from ERAS opening in June on.
    stage_start = dt.date(match_year - 1, 6, 1)
    keys = pathway_keys(rules, on=residency_start)
    if not keys:
        return Season(match_year, [], [f"No pathway is encoded for residency in {match_year}."])
    pathway = PREFERRED_PATHWAY if PREFERRED_PATHWAY in keys else keys[0]
    try:
        plan = plan_path(stage="ms4", stage_start=stage_start, pathway=pathway, rules=rules)
    except PlanningError as error:
        return Season(match_year, [], [error.message])
    match_keys = {MATCH_DAY}
    parameter = rules[MATCH_CALENDAR]
    on = dt.date(match_year, 1, 1)
    if parameter.in_force(on):
        match_keys.update(window["key"] for window in parameter.value_at(on).get("season", []))
    events = [event for event in plan.events if event.key in match_keys]
    notes = [note for note in plan.notes if "calendar" in note and str(match_year) in note]
    return Season(match_year, events, notes)


def current_match_year(today: dt.date, rules: ParameterSet) -> int:
    """The match year whose Match Day is today or still ahead."""
    match_day = season(today.year, rules).match_day
    return today.year if match_day is None or today <= match_day else today.year + 1
