"""The iCalendar feed: plain all-day events in, a VCALENDAR document out.

No Django here; ``seldinger.calendar_feed.selectors.feed_events`` gathers the events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event

PRODID = "-//Seldinger//Seldinger calendar feed//EN"
CALENDAR_NAME = "Seldinger: exams, match, licences and schedule"


@dataclass(frozen=True)
class FeedEvent:
    """One event, all day on ``date`` unless it has ``start`` and ``end`` (aware date-times,
    as a scheduled shift has). ``uid`` must stay the same for the same event across requests."""

    uid: str
    summary: str
    date: dt.date
    description: str = ""
    category: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def build_calendar(events: Iterable[FeedEvent], *, stamp: dt.datetime) -> bytes:
    """A valid VCALENDAR (RFC 5545): all-day events as DATE values, DTSTAMP in UTC."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    utc_stamp = stamp.astimezone(dt.UTC)
    for item in sorted(events, key=lambda event: (event.date, event.uid)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", utc_stamp)
        if item.start is not None and item.end is not None:
            event.add("dtstart", item.start.astimezone(dt.UTC))
            event.add("dtend", item.end.astimezone(dt.UTC))
        else:
            event.add("dtstart", item.date)
            event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "OPAQUE" if item.start is not None else "TRANSPARENT")
        if item.description:
            event.add("description", item.description)
        if item.category:
            event.add("categories", [item.category])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
