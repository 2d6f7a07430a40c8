"""Calendar arithmetic for plans: years, months, weekdays and workdays. Pure."""

from __future__ import annotations

import calendar
import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day ``years`` later; February 29 becomes February 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th given weekday (Monday is 0) of a month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def workdays(start: dt.date, end: dt.date) -> int:
    """Weekdays from ``start`` to ``end``, both included."""
    days = (end - start).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(1 for offset in range(rest) if (start.weekday() + offset) % 7 < 5)


def add_workdays(day: dt.date, count: int) -> dt.date:
    """The ``count``-th weekday after ``day``."""
    while count > 0:
        day += dt.timedelta(days=1)
        count -= day.weekday() < 5
    return day
