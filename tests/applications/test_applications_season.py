"""The tracker's season dates come from the planner's reading of the match calendar."""

import datetime as dt

from seldinger.applications.season import current_match_year, season
from seldinger.rules import default_parameters


def test_the_2027_season_lists_the_calendar_windows_and_match_day():
    found = season(2027, default_parameters())
    keys = [event.key for event in found.events]
    assert keys == [
        "eras-opens",
        "applications-to-programs",
        "interview-season",
        "rank-order-list-certification",
        "main-match-day",
    ]
    assert found.event("eras-opens").date == dt.date(2026, 6, 1)
    assert found.event("interview-season").until == dt.date(2027, 2, 28)
    # Match Day 2027 is not announced: third Friday of March, projected.
    assert found.match_day == dt.date(2027, 3, 19)
    assert found.event("main-match-day").approximate
    assert found.certification_deadline == dt.date(2027, 3, 10)


def test_an_announced_match_day_is_used():
    assert season(2026, default_parameters()).match_day == dt.date(2026, 3, 20)


def test_current_match_year_turns_after_match_day():
    rules = default_parameters()
    assert current_match_year(dt.date(2026, 3, 20), rules) == 2026
    assert current_match_year(dt.date(2026, 3, 21), rules) == 2027
    assert current_match_year(dt.date(2026, 11, 22), rules) == 2027


def test_a_year_without_rules_has_no_events_but_says_so():
    found = season(2005, default_parameters())
    assert found.events == [] and found.notes
    assert found.certification_deadline is None
