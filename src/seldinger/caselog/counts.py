"""Each trainee's cases counted per category and role: the figures progress starts from.

Progress (a trainee's page, the cohort, the API and ``seldinger progress``) needs, per
category and role, the cases up to the day asked, those in the pace window and the first
date. A cohort of 40 residents with 5,000 cases each is 200,000 cases to count on every
page; so today's counts of each trainee are counted once and kept (``CaseCounts``), and
each request adds the cases logged since. Any other day is counted afresh.

Why kept counts stay exact:

- they are counted while no case can be written: on PostgreSQL under a SHARE lock on the
  cases table, asked for without waiting (when a write is under way, the counts are counted
  and not kept); on SQLite inside a write transaction (its one writer at a time);
- so every case written afterwards has a higher id than the highest id then (``last_case``),
  and each read adds the trainee's cases above it;
- a case changed or deleted goes through ``caselog.services``, which forgets its trainee's
  counts in the same transaction (``forget``); the import only adds cases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet, Value
from django.utils import timezone

from seldinger.caselog.models import CaseCounts, CaseEntry
from seldinger.caselog.progress import CaseTally, pace_floor

Starts = Mapping[int, dt.date | None]
"""Trainee id -> training start (the pace window begins there, or 365 days back)."""


def case_counts(starts: Starts, *, as_of: dt.date) -> dict[int, list[CaseTally]]:
    """Each trainee's cases up to ``as_of`` per category and role, sorted by both (none
    listed for a trainee without cases)."""
    if not starts:
        return {}
    if as_of != timezone.localdate():
        return count_cases(starts, as_of=as_of)
    floors = {trainee: pace_floor(as_of, start) for trainee, start in starts.items()}
    kept = {
        row.trainee_id: row
        for row in CaseCounts.objects.filter(trainee_id__in=list(starts), as_of=as_of)
        if row.window_start == floors[row.trainee_id]
    }
    found: dict[int, list[CaseTally]] = {}
    missing = {trainee: start for trainee, start in starts.items() if trainee not in kept}
    if missing:
        found.update(_count_and_keep(missing, as_of=as_of))
    if kept:
        found.update(_kept_and_later(kept, as_of=as_of))
    return found


def forget(trainee_id: int) -> None:
    """Drop the trainee's kept counts: a case of theirs changed or went (call it in the
    same transaction as the change)."""
    CaseCounts.objects.filter(trainee_id=trainee_id).delete()


def count_cases(starts: Starts, *, as_of: dt.date) -> dict[int, list[CaseTally]]:
    """One query for many trainees, counted in the index on trainee, date, category and
    role (no case row is read)."""
    if not starts:
        return {}
    by_floor: dict[dt.date, list[int]] = defaultdict(list)
    for trainee_id, start in starts.items():
        by_floor[pace_floor(as_of, start)].append(trainee_id)
    in_window = Q()
    for floor, trainee_ids in by_floor.items():
        # One window for all (the usual cohort): the date alone decides.
        in_window |= (
            Q(performed_on__gte=floor)
            if len(by_floor) == 1
            else Q(trainee_id__in=trainee_ids, performed_on__gte=floor)
        )
    rows = (
        _up_to(as_of)
        .filter(trainee_id__in=list(starts))
        .values_list("trainee_id", "category_key", "role")
        .annotate(
            n=Count("performed_on"),
            recent=Count("performed_on", filter=in_window),
            first=Min("performed_on"),
        )
        .order_by("trainee_id", "category_key", "role")
    )
    found: dict[int, list[CaseTally]] = defaultdict(list)
    for trainee_id, category, role, n, recent, first in rows:
        found[trainee_id].append(CaseTally(category, role, n, recent, first))
    return dict(found)


def _up_to(as_of: dt.date) -> QuerySet[CaseEntry]:
    return CaseEntry.objects.filter(performed_on__lte=as_of).order_by()


def _count_and_keep(starts: Starts, *, as_of: dt.date) -> dict[int, list[CaseTally]]:
    with transaction.atomic():
        if not _writes_held():
            return count_cases(starts, as_of=as_of)
        last_case = CaseEntry.objects.aggregate(last=Max("id", default=Value(0)))["last"]
        found = count_cases(starts, as_of=as_of)
        CaseCounts.objects.bulk_create(
            [
                CaseCounts(
                    trainee_id=trainee_id,
                    as_of=as_of,
                    window_start=pace_floor(as_of, start),
                    last_case=last_case,
                    counts=[_stored(tally) for tally in found.get(trainee_id, [])],
                )
                for trainee_id, start in starts.items()
            ],
            update_conflicts=True,
            unique_fields=["trainee"],
            update_fields=["as_of", "window_start", "last_case", "counts"],
        )
    return found


def _writes_held() -> bool:
    """Whether no case can be written until this transaction ends (see the module's doc)."""
    if connection.vendor != "postgresql":
        return True  # SQLite: this transaction holds the write lock (the settings' IMMEDIATE)
    table = connection.ops.quote_name(CaseEntry._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE NOWAIT")
    except OperationalError:
        return False
    return True


def _kept_and_later(
    kept: Mapping[int, CaseCounts], *, as_of: dt.date
) -> dict[int, list[CaseTally]]:
    """The kept counts, with the cases added since each was counted."""
    later: dict[int, list[tuple[str, str, dt.date]]] = defaultdict(list)
    # By trainee and id alone: SQLite then walks the trainee index from that id on.
    rows = CaseEntry.objects.filter(
        trainee_id__in=list(kept), id__gt=min(item.last_case for item in kept.values())
    ).order_by()
    for trainee_id, case_id, category, role, day in rows.values_list(
        "trainee_id", "id", "category_key", "role", "performed_on"
    ):
        if case_id > kept[trainee_id].last_case and day <= as_of:
            later[trainee_id].append((category, role, day))
    day_of = dt.date.fromisoformat
    found: dict[int, list[CaseTally]] = {}
    for trainee_id, item in kept.items():
        tallies = [
            CaseTally(category, role, n, recent, day_of(first) if first else None)
            for category, role, n, recent, first in item.counts
        ]
        if trainee_id in later:
            tallies = _added(tallies, later[trainee_id], item.window_start)
        if tallies:
            found[trainee_id] = tallies
    return found


def _added(
    tallies: list[CaseTally], cases: list[tuple[str, str, dt.date]], window_start: dt.date
) -> list[CaseTally]:
    """``tallies`` with ``cases`` (category, role, date) counted in."""
    merged = {(tally.category, tally.role): tally for tally in tallies}
    for category, role, day in cases:
        tally = merged.get((category, role), CaseTally(category, role, 0, 0, None))
        merged[(category, role)] = CaseTally(
            category,
            role,
            tally.count + 1,
            tally.recent + (day >= window_start),
            day if tally.first is None else min(tally.first, day),
        )
    return [merged[key] for key in sorted(merged)]


def _stored(tally: CaseTally) -> list[Any]:
    first = tally.first.isoformat() if tally.first else None
    return [tally.category, tally.role, tally.count, tally.recent, first]
