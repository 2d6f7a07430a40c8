"""A program's scheduling spec (docs/scheduling.md), parsed into typed values. Pure: no Django.

:func:`parse_spec` takes the decoded JSON and returns a :class:`Spec`, or raises
:class:`SpecError` listing every problem, each naming the key (``residents[3].pgy``) and,
for a resident, their id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from seldinger.errors import ErrorItem, Invalid

REQUEST_KINDS = ("vacation", "conference", "day-off")
"""What a resident may ask for: each keeps them free of rotation work and call on its days."""
DAY_SETS = ("all", "weekday", "weekend")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PENALTIES = ("request", "calls", "weekends", "holidays", "share")
"""The soft rules, each with its weight in ``rules.penalties``."""
DEFAULT_PENALTIES = {"request": 100, "calls": 10, "weekends": 10, "holidays": 10, "share": 5}
"""Seldinger settings, not program data: a missed priority-2 request costs 100 (priority
p > 2 costs 100 / (p - 1)), one call more than another resident of the same PGY 10, and
each call beyond a resident's fair share of a call kind 5."""


class SpecError(Invalid):
    """A spec that cannot be scheduled as written: every problem, each naming its key."""

    def __init__(self, problems: list[ErrorItem]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{item.field}: {item.message}" for item in problems), errors=problems
        )


@dataclass(frozen=True)
class Request:
    kind: str
    first: dt.date
    last: dt.date
    priority: int
    """1: hard (must be granted); 2 and above: soft, a missed one costs less as it grows."""

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Resident:
    id: str
    pgy: int
    pathway: str
    esir: bool
    requests: tuple[Request, ...]
    done: Mapping[str, int]
    """Rotations of each kind already done in earlier years (``ir``, ``icu``, ...)."""
    takes_call: bool = True


@dataclass(frozen=True)
class Rotation:
    name: str
    kind: str
    day_start: int
    """Minutes after midnight when the rotation's day work starts (Monday to Friday)."""
    day_minutes: int
    need: Mapping[int, tuple[int, int]]
    """PGY -> [min, max] residents of that PGY on this rotation in each block."""
    call: bool = True
    """Whether residents on this rotation may take call."""

    @property
    def works(self) -> bool:
        return self.day_minutes > 0


@dataclass(frozen=True)
class CallKind:
    name: str
    start: int
    """Minutes after midnight."""
    minutes: int
    in_house: bool
    days: tuple[int, ...] | str
    """``"all"``, ``"weekday"``, ``"weekend"`` (with holidays), or weekday numbers (Mon = 0)."""
    night_float: bool = False

    @property
    def checker_kind(self) -> str:
        """The work-hour checker's word: night float is clinical work, not call."""
        if self.night_float:
            return "clinical"
        return "call" if self.in_house else "home-call"

    @property
    def overnight(self) -> bool:
        return self.start + self.minutes > 24 * 60


@dataclass(frozen=True)
class Coverage:
    count: int
    pgy: tuple[int, ...]


@dataclass(frozen=True)
class Rules:
    no_call_before_vacation: bool = True
    max_consecutive_night_float: int | None = None
    holidays: tuple[dt.date, ...] = ()
    pathways: Mapping[str, Mapping[int, Mapping[str, int]]] = field(default_factory=dict)
    """Pathway -> PGY -> rotation kind -> at least this many blocks this year."""
    penalties: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PENALTIES))


@dataclass(frozen=True)
class Spec:
    start: dt.date
    blocks: int
    block_weeks: int
    residents: tuple[Resident, ...]
    rotations: tuple[Rotation, ...]
    call_kinds: tuple[CallKind, ...]
    coverage: Mapping[str, Coverage]
    rules: Rules

    @property
    def days(self) -> int:
        return self.blocks * self.block_weeks * 7

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def day_of(self, date: dt.date) -> int:
        return (date - self.start).days

    def block_of(self, day: int) -> int:
        return day // (self.block_weeks * 7)

    def is_holiday(self, day: int) -> bool:
        return self.date(day) in self.rules.holidays

    def is_weekend(self, day: int) -> bool:
        return self.date(day).weekday() >= 5 or self.is_holiday(day)

    def calls_on(self, kind: CallKind, day: int) -> bool:
        if kind.days == "all":
            return True
        if kind.days == "weekend":
            return self.is_weekend(day)
        if kind.days == "weekday":
            return not self.is_weekend(day)
        return self.date(day).weekday() in kind.days

    def rotation_day(self, day: int) -> bool:
        """Rotation work is Monday to Friday, holidays excepted."""
        return not self.is_weekend(day)


class _Reader:
    """Collects problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[ErrorItem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(ErrorItem(where, message))

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        kind: type | tuple[type, ...],
        default: Any = ...,
        what: str = "",
    ) -> Any:
        label = f"{where}.{key}" if where else key
        if key not in data:
            if default is ...:
                self.fail(label, f"missing{what}")
            return None if default is ... else default
        value = data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(label, f"{value!r} is not a {_kind_name(kind)}{what}")
            return None
        if not isinstance(value, kind):
            self.fail(label, f"{value!r} is not a {_kind_name(kind)}{what}")
            return None
        return value

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        minimum: int,
        default: Any = ...,
        what: str = "",
    ) -> int | None:
        value = self.get(data, key, where, int, default, what)
        label = f"{where}.{key}" if where else key
        if isinstance(value, int) and value < minimum:
            self.fail(label, f"{value} is less than {minimum}{what}")
            return None
        return value if isinstance(value, int) else None

    def date(self, data: Mapping[str, Any], key: str, where: str, what: str = "") -> dt.date | None:
        text = self.get(data, key, where, str, what=what)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(
                f"{where}.{key}" if where else key, f"{text!r} is not a date (YYYY-MM-DD){what}"
            )
            return None

    def clock(self, data: Mapping[str, Any], key: str, where: str, default: str) -> int | None:
        text = self.get(data, key, where, str, default)
        if text is None:
            return None
        try:
            moment = dt.time.fromisoformat(text)
        except ValueError:
            self.fail(f"{where}.{key}", f"{text!r} is not a time of day (HH:MM)")
            return None
        return moment.hour * 60 + moment.minute

    def hours(
        self, data: Mapping[str, Any], key: str, where: str, *, allow_zero: bool, default: Any = ...
    ) -> int | None:
        value = self.get(data, key, where, (int, float), default)
        if value is None:
            return None
        if value < 0 or (value == 0 and not allow_zero) or value > 24:
            self.fail(f"{where}.{key}", f"{value!r} hours is not between 0 and 24")
            return None
        minutes: int = round(float(value) * 60)
        return minutes


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        int: "whole number",
        float: "number",
        str: "text",
        bool: "true or false",
        list: "list",
        dict: "object",
    }
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def parse_spec(data: object) -> Spec:
    """The spec in ``data`` (decoded JSON); raises :class:`SpecError` naming every problem."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise SpecError([ErrorItem("spec", "the spec is not a JSON object")])
    start = reader.date(data, "start", "")
    blocks = reader.integer(data, "blocks", "", minimum=1)
    block_weeks = reader.integer(data, "block_weeks", "", minimum=1, default=4)
    rules = _rules(reader, data.get("rules", {}))
    rotations = _rotations(reader, reader.get(data, "rotations", "", list) or [])
    call = reader.get(data, "call", "", dict, {}) or {}
    kinds = _call_kinds(reader, reader.get(call, "kinds", "call", list, []) or [])
    coverage = _coverage(reader, reader.get(call, "coverage", "call", dict, {}) or {}, kinds)
    span: tuple[dt.date, dt.date] | None = None
    if start is not None and blocks and block_weeks:
        span = (start, start + dt.timedelta(days=blocks * block_weeks * 7 - 1))
        if (blocks * block_weeks) % 4:
            reader.fail(
                "blocks",
                f"{blocks} blocks of {block_weeks} weeks is not a whole number "
                "of 4-week averaging periods (the ACGME limits are averaged over 4 weeks)",
            )
    needed = {pgy for rotation in rotations for pgy in rotation.need} if rotations else None
    residents = _residents(reader, reader.get(data, "residents", "", list) or [], span, needed)
    names = [rotation.name for rotation in rotations]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        reader.fail("rotations", f"two rotations are named {duplicate!r}")
    ids = [resident.id for resident in residents]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        reader.fail("residents", f"two residents have the id {duplicate!r}")
    if reader.problems:
        raise SpecError(reader.problems)
    assert start is not None and blocks is not None and block_weeks is not None
    return Spec(
        start,
        blocks,
        block_weeks,
        tuple(residents),
        tuple(rotations),
        tuple(kinds),
        coverage,
        rules,
    )


def _residents(
    reader: _Reader,
    items: list[Any],
    span: tuple[dt.date, dt.date] | None,
    needed: set[int] | None,
) -> list[Resident]:
    residents = []
    for index, item in enumerate(items):
        where = f"residents[{index}]"
        if not isinstance(item, dict):
            reader.fail(where, "is not an object")
            continue
        rid = reader.get(item, "id", where, str)
        who = f" (resident {rid})" if rid else ""
        pgy = reader.integer(item, "pgy", where, minimum=1, what=who)
        if pgy is not None and needed is not None and pgy not in needed:
            reader.fail(f"{where}.pgy", f"no rotation has a need for PGY-{pgy}{who}")
        pathway = reader.get(item, "pathway", where, str, "", who)
        esir = reader.get(item, "esir", where, bool, False, who)
        takes_call = reader.get(item, "call", where, bool, True, who)
        done_data = reader.get(item, "done", where, dict, {}, who) or {}
        done: dict[str, int] = {}
        for kind in done_data:
            count = reader.integer(done_data, kind, f"{where}.done", minimum=0, what=who)
            if count is not None:
                done[kind] = count
        requests = []
        for n, request in enumerate(reader.get(item, "requests", where, list, [], who) or []):
            at = f"{where}.requests[{n}]"
            if not isinstance(request, dict):
                reader.fail(at, f"is not an object{who}")
                continue
            kind = reader.get(request, "kind", at, str, what=who)
            if kind is not None and kind not in REQUEST_KINDS:
                reader.fail(f"{at}.kind", f"{kind!r} is not one of {', '.join(REQUEST_KINDS)}{who}")
            first, last = reader.date(request, "from", at, who), reader.date(request, "to", at, who)
            priority = reader.integer(request, "priority", at, minimum=1, default=2, what=who)
            if first and last and last < first:
                reader.fail(f"{at}.to", f"{last} is before {first}{who}")
            elif span and first and last and (first < span[0] or last > span[1]):
                reader.fail(
                    at,
                    f"{first} to {last} is outside the schedule {span[0]} to {span[1]}{who}",
                )
            elif kind in REQUEST_KINDS and first and last and priority:
                requests.append(Request(kind, first, last, priority))
        if rid and pgy:
            residents.append(
                Resident(
                    rid,
                    pgy,
                    pathway or "",
                    bool(esir),
                    tuple(requests),
                    done,
                    takes_call is not False,
                )
            )
    return residents


def _need(reader: _Reader, data: Any, where: str) -> dict[int, tuple[int, int]]:
    need: dict[int, tuple[int, int]] = {}
    if not isinstance(data, dict):
        reader.fail(where, "is not an object of PGY -> [min, max]")
        return need
    for key, pair in data.items():
        if not str(key).isdigit() or int(key) < 1:
            reader.fail(f"{where}.{key}", f"{key!r} is not a PGY (1, 2, ...)")
        elif (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in pair)
            or pair[0] > pair[1]
        ):
            reader.fail(f"{where}.{key}", f"{pair!r} is not [min, max] with 0 <= min <= max")
        else:
            need[int(key)] = (pair[0], pair[1])
    return need


def _rotations(reader: _Reader, items: list[Any]) -> list[Rotation]:
    rotations = []
    for index, item in enumerate(items):
        where = f"rotations[{index}]"
        if not isinstance(item, dict):
            reader.fail(where, "is not an object")
            continue
        name = reader.get(item, "name", where, str)
        kind = reader.get(item, "kind", where, str, "")
        start = reader.clock(item, "day_start", where, "07:00")
        minutes = reader.hours(item, "day_hours", where, allow_zero=True, default=10)
        call = reader.get(item, "call", where, bool, True)
        need = _need(reader, item.get("need", {}), f"{where}.need")
        if name and start is not None and minutes is not None:
            rotations.append(Rotation(name, kind or "", start, minutes, need, call is not False))
    return rotations


def _call_kinds(reader: _Reader, items: list[Any]) -> list[CallKind]:
    kinds = []
    for index, item in enumerate(items):
        where = f"call.kinds[{index}]"
        if not isinstance(item, dict):
            reader.fail(where, "is not an object")
            continue
        name = reader.get(item, "name", where, str)
        start = reader.clock(item, "start", where, "17:00")
        minutes = reader.hours(item, "hours", where, allow_zero=False)
        in_house = reader.get(item, "in_house", where, bool, True)
        night_float = reader.get(item, "night_float", where, bool, False)
        days_data = item.get("days", "all")
        days: tuple[int, ...] | str | None = None
        if isinstance(days_data, str) and days_data in DAY_SETS:
            days = days_data
        elif isinstance(days_data, list) and days_data and all(d in WEEKDAYS for d in days_data):
            days = tuple(sorted(WEEKDAYS.index(d) for d in days_data))
        else:
            reader.fail(
                f"{where}.days",
                f"{days_data!r} is not one of {', '.join(DAY_SETS)} "
                f"or a list of {', '.join(WEEKDAYS)}",
            )
        if name and start is not None and minutes and days is not None:
            kinds.append(
                CallKind(name, start, minutes, in_house is not False, days, bool(night_float))
            )
    return kinds


def _coverage(reader: _Reader, data: dict[str, Any], kinds: list[CallKind]) -> dict[str, Coverage]:
    coverage = {}
    known = {kind.name for kind in kinds}
    for name, item in data.items():
        where = f"call.coverage.{name}"
        if name not in known:
            reader.fail(where, f"no call kind is named {name!r}")
            continue
        if not isinstance(item, dict):
            reader.fail(where, "is not an object with count and pgy")
            continue
        count = reader.integer(item, "count", where, minimum=0)
        pgys = reader.get(item, "pgy", where, list)
        if pgys is not None and not all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in pgys
        ):
            reader.fail(f"{where}.pgy", f"{pgys!r} is not a list of PGYs (1, 2, ...)")
        elif count is not None and pgys is not None:
            coverage[name] = Coverage(count, tuple(pgys))
    return coverage


def _rules(reader: _Reader, data: Any) -> Rules:
    if not isinstance(data, dict):
        reader.fail("rules", "is not an object")
        return Rules()
    before = reader.get(data, "no_call_before_vacation", "rules", bool, True)
    most = data.get("max_consecutive_night_float")
    if most is not None:
        most = reader.integer(data, "max_consecutive_night_float", "rules", minimum=1)
    holidays = []
    for n, text in enumerate(reader.get(data, "holidays", "rules", list, []) or []):
        try:
            holidays.append(dt.date.fromisoformat(text))
        except (TypeError, ValueError):
            reader.fail(f"rules.holidays[{n}]", f"{text!r} is not a date (YYYY-MM-DD)")
    pathways: dict[str, dict[int, dict[str, int]]] = {}
    for pathway, by_pgy in (reader.get(data, "pathways", "rules", dict, {}) or {}).items():
        where = f"rules.pathways.{pathway}"
        if not isinstance(by_pgy, dict):
            reader.fail(where, "is not an object of PGY -> {rotation kind: blocks}")
            continue
        for pgy, minimums in by_pgy.items():
            if not str(pgy).isdigit() or not isinstance(minimums, dict):
                reader.fail(f"{where}.{pgy}", "is not PGY -> {rotation kind: blocks}")
                continue
            for kind in minimums:
                count = reader.integer(minimums, kind, f"{where}.{pgy}", minimum=0)
                if count is not None:
                    pathways.setdefault(pathway, {}).setdefault(int(pgy), {})[kind] = count
    penalties = dict(DEFAULT_PENALTIES)
    for name, weight in (reader.get(data, "penalties", "rules", dict, {}) or {}).items():
        if name not in PENALTIES:
            reader.fail(f"rules.penalties.{name}", f"not one of {', '.join(PENALTIES)}")
        elif not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            reader.fail(f"rules.penalties.{name}", f"{weight!r} is not a whole number >= 0")
        else:
            penalties[name] = weight
    return Rules(before is not False, most, tuple(holidays), pathways, penalties)
