"""Each trainee's cases counted for progress, kept from one request to the next.

Progress (a trainee's page, the cohort, the API and ``seldinger progress``) needs, per
category and role, the cases up to the day asked, those in the pace window and the first
date; the dashboard also needs them by month. A cohort of 40 residents with 5,000 cases
each is 200,000 cases to count on every page. So today's counts of each trainee are
counted once and kept (``CaseCounts``), with the month series once the dashboard asks for
it; any other day is counted afresh.

Why kept counts stay exact:

- they are counted while no case can be written: on PostgreSQL under a SHARE lock on the
  cases table, asked for without waiting (when a write is under way, the counts are counted
  and not kept); on SQLite inside a write transaction (its one writer at a time);
- so every case written afterwards has a higher id than the highest one then
  (``last_case``): a trainee with such a case (a case logged or imported) has only those
  later cases counted and added to the kept counts (``_catch_up``, kept again the same
  way), not their whole log; their cases by month are counted again when a dashboard asks;
- a case changed, verified, returned or deleted goes through ``caselog.services``, which
  forgets its trainee's counts in the same transaction (``forget``), after the change: a
  write takes the cases table before the counts, as counting does, so neither waits on
  the other in turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from seldinger.caselog.models import CaseCounts, CaseEntry
from seldinger.caselog.progress import CaseTally, MonthCounts, RequirementDefinition, pace_floor

Starts = Mapping[int, dt.date | None]
"""Trainee id -> training start (the pace window begins there, or 365 days back)."""

Months = tuple[list[MonthCounts], list[dict[str, Any]], dict[str, int]]
"""The dashboard's cases by month: counts, dose, and the cases by verification status."""


def case_counts(starts: Starts, *, as_of: dt.date) -> dict[int, list[CaseTally]]:
    """Each trainee's cases up to ``as_of`` per category and role, sorted by both (none
    listed for a trainee without cases)."""
    if not starts:
        return {}
    if as_of != timezone.localdate():
        return count_cases(starts, as_of=as_of)
    later: set[int] = set()
    kept = _fresh(starts, as_of=as_of, behind=later)
    found = {
        trainee_id: _tallies(item)
        for trainee_id, item in kept.items()
        if item.counts and trainee_id not in later
    }
    if later:
        found.update(_catch_up({i: kept[i] for i in later}, starts, as_of=as_of))
    stale = {trainee: start for trainee, start in starts.items() if trainee not in kept}
    if stale:
        found.update(_count_and_keep(stale, as_of=as_of)[0])
    return {trainee_id: tallies for trainee_id, tallies in found.items() if tallies}


def trainee_counts(
    trainee_id: int,
    start: dt.date | None,
    requirements: Sequence[RequirementDefinition],
    *,
    as_of: dt.date,
    count_months: Callable[[], Months],
) -> tuple[list[CaseTally], Months]:
    """One trainee's ``case_counts``, and their cases by month as ``count_months`` counts
    them for ``requirements`` (the dashboard), kept together."""
    if as_of != timezone.localdate():
        return count_cases({trainee_id: start}, as_of=as_of).get(trainee_id, []), count_months()
    asked = [[item.key, item.category, sorted(item.roles)] for item in requirements]
    kept = _fresh({trainee_id: start}, as_of=as_of, months=True).get(trainee_id)
    if kept is None:
        found, months = _count_and_keep(
            {trainee_id: start}, as_of=as_of, months=(asked, count_months)
        )
        return found.get(trainee_id, []), months
    if kept.months and kept.months["requirements"] == asked:
        return _tallies(kept), _months(kept.months)
    with transaction.atomic():
        held = _writes_held()
        months = count_months()
        if held:
            # Unless the counts were forgotten or counted again meanwhile.
            CaseCounts.objects.filter(
                trainee_id=trainee_id, as_of=as_of, last_case=kept.last_case
            ).update(months=_stored_months(months, asked))
    return _tallies(kept), months


def forget(trainee_ids: int | Sequence[int]) -> None:
    """Drop the trainees' kept counts: a case of theirs changed or went (call it in the
    same transaction, after the change)."""
    ids = [trainee_ids] if isinstance(trainee_ids, int) else list(trainee_ids)
    CaseCounts.objects.filter(trainee_id__in=ids).delete()


def count_cases(
    starts: Starts, *, as_of: dt.date, since: Mapping[int, int] | None = None
) -> dict[int, list[CaseTally]]:
    """One query for many trainees, counted in the index on trainee, date, category and
    role (no case row is read); with ``since`` (trainee id -> a case id), only each
    trainee's cases after that one."""
    if not starts:
        return {}
    floors: dict[dt.date, list[int]] = {}
    for trainee_id, start in starts.items():
        floors.setdefault(pace_floor(as_of, start), []).append(trainee_id)
    in_window = Q()
    for floor, trainee_ids in floors.items():
        # One window for all (the usual cohort): the date alone decides.
        in_window |= (
            Q(performed_on__gte=floor)
            if len(floors) == 1
            else Q(trainee_id__in=trainee_ids, performed_on__gte=floor)
        )
    cases = _up_to(as_of).filter(trainee_id__in=list(starts))
    if since is not None:
        later = Q()
        for trainee_id, case_id in since.items():
            later |= Q(trainee_id=trainee_id, id__gt=case_id)
        cases = cases.filter(later)
    rows = (
        cases.values_list("trainee_id", "category_key", "role")
        .annotate(
            n=Count("performed_on"),
            recent=Count("performed_on", filter=in_window),
            first=Min("performed_on"),
        )
        .order_by("trainee_id", "category_key", "role")
    )
    found: dict[int, list[CaseTally]] = {}
    for trainee_id, category, role, n, recent, first in rows:
        found.setdefault(trainee_id, []).append(CaseTally(category, role, n, recent, first))
    return found


def _up_to(as_of: dt.date) -> QuerySet[CaseEntry]:
    return CaseEntry.objects.filter(performed_on__lte=as_of).order_by()


def _fresh(
    starts: Starts, *, as_of: dt.date, months: bool = False, behind: set[int] | None = None
) -> dict[int, CaseCounts]:
    """The trainees' counts kept today for their pace window, with no case added since
    (and their cases by month, if asked); given a set ``behind``, also those with cases added
    since, their ids added to ``behind`` (to catch up)."""
    later = CaseEntry.objects.filter(
        trainee_id=OuterRef("trainee_id"), id__gt=OuterRef("last_case")
    )
    found = CaseCounts.objects.filter(trainee_id__in=list(starts), as_of=as_of).annotate(
        later_case=Exists(later)
    )
    fresh: dict[int, CaseCounts] = {}
    for item in found if months else found.defer("months"):
        if item.window_start != pace_floor(as_of, starts[item.trainee_id]):
            continue
        if item.later_case:
            if behind is None:
                continue
            behind.add(item.trainee_id)
        fresh[item.trainee_id] = item
    return fresh


def _catch_up(
    kept: dict[int, CaseCounts], starts: Starts, *, as_of: dt.date
) -> dict[int, list[CaseTally]]:
    """Kept counts with the cases logged since added: those cases alone are counted (one
    query), and the sums kept when no case can be written meanwhile (their cases by month
    dropped, to be counted again)."""
    with transaction.atomic():
        held = _writes_held()
        last_case = CaseEntry.objects.aggregate(last=Max("id", default=Value(0)))["last"]
        newer = count_cases(
            {trainee_id: starts[trainee_id] for trainee_id in kept},
            as_of=as_of,
            since={trainee_id: item.last_case for trainee_id, item in kept.items()},
        )
        found = {
            trainee_id: _added(_tallies(item), newer.get(trainee_id, []))
            for trainee_id, item in kept.items()
        }
        if held:
            for trainee_id, item in kept.items():
                # Unless the counts were forgotten or counted again meanwhile.
                CaseCounts.objects.filter(
                    trainee_id=trainee_id, as_of=as_of, last_case=item.last_case
                ).update(
                    last_case=last_case,
                    counts=[_stored(tally) for tally in found[trainee_id]],
                    months=None,
                )
    return found


def _added(kept: list[CaseTally], newer: list[CaseTally]) -> list[CaseTally]:
    """Two counts of different cases as one, sorted by category and role."""
    total = {(tally.category, tally.role): tally for tally in kept}
    for tally in newer:
        key = (tally.category, tally.role)
        before = total.get(key)
        if before is None:
            total[key] = tally
            continue
        firsts = [day for day in (before.first, tally.first) if day is not None]
        total[key] = CaseTally(
            tally.category,
            tally.role,
            before.count + tally.count,
            before.recent + tally.recent,
            min(firsts) if firsts else None,
        )
    return [total[key] for key in sorted(total)]


def _count_and_keep(
    starts: Starts,
    *,
    as_of: dt.date,
    months: tuple[list[Any], Callable[[], Months]] | None = None,
) -> tuple[dict[int, list[CaseTally]], Months]:
    """``count_cases``, kept when no case can be written meanwhile; with ``months`` (the
    requirements and a count by month, for one trainee), that count too."""
    by_month: Months = ([], [], {})
    with transaction.atomic():
        held = _writes_held()
        last_case = CaseEntry.objects.aggregate(last=Max("id", default=Value(0)))["last"]
        found = count_cases(starts, as_of=as_of)
        if months is not None:
            by_month = months[1]()
        if held:
            CaseCounts.objects.bulk_create(
                [
                    CaseCounts(
                        trainee_id=trainee_id,
                        as_of=as_of,
                        window_start=pace_floor(as_of, start),
                        last_case=last_case,
                        counts=[_stored(tally) for tally in found.get(trainee_id, [])],
                        months=_stored_months(by_month, months[0]) if months else None,
                    )
                    for trainee_id, start in starts.items()
                ],
                update_conflicts=True,
                unique_fields=["trainee"],
                update_fields=["as_of", "window_start", "last_case", "counts", "months"],
            )
    return found, by_month


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


def _stored(tally: CaseTally) -> list[Any]:
    first = tally.first.isoformat() if tally.first else None
    return [tally.category, tally.role, tally.count, tally.recent, first]


def _tallies(kept: CaseCounts) -> list[CaseTally]:
    day = dt.date.fromisoformat
    return [
        CaseTally(category, role, n, recent, day(first) if first else None)
        for category, role, n, recent, first in kept.counts
    ]


def _stored_months(months: Months, requirements: list[Any]) -> dict[str, Any]:
    series, dose, by_status = months
    return {
        "requirements": requirements,
        "months": [
            [month.month, month.total, month.by_requirement, month.by_skill] for month in series
        ],
        "dose": dose,
        "by_status": by_status,
    }


def _months(kept: dict[str, Any]) -> Months:
    series = [MonthCounts(*month) for month in kept["months"]]
    return series, kept["dose"], kept["by_status"]
