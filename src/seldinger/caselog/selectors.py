"""Reads for the case log, and who sees which cases (by ``seldinger.accounts.selectors``).

- a trainee sees and changes their own cases;
- faculty see only the cases that name them as supervisor;
- a program's director and coordinator see the cases of that program's current trainees;
- platform administrators see all; nobody else sees any.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import CharField, Count, Min, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.caselog.catalogue import Catalogue, load_catalogue
from seldinger.caselog.models import CaseEntry, ImportColumns
from seldinger.lookups import one_or_404
from seldinger.rules import default_parameters


def catalogue(on: dt.date | None = None) -> Catalogue:
    """The procedure catalogue in force on ``on`` (default today)."""
    return _catalogue_on(on or timezone.localdate())


@lru_cache(maxsize=32)
def _catalogue_on(on: dt.date) -> Catalogue:
    return load_catalogue(default_parameters(), on=on)


def supervisors_for(trainee: User) -> QuerySet[User]:
    """Faculty (and directors) of the trainee's programs: whom a case may name."""
    return access.supervisors_of(trainee)


def cases_visible_to(viewer: User) -> QuerySet[CaseEntry]:
    if not access.is_active_user(viewer):
        return CaseEntry.objects.none()
    if access.is_platform_admin(viewer):
        return CaseEntry.objects.all()
    return CaseEntry.objects.filter(
        Q(trainee=viewer)
        | Q(supervisor=viewer)
        | Q(trainee__in=access.trainees_led_by(viewer).values("pk"))
    )


def get_visible_case(viewer: User, case_id: int) -> CaseEntry:
    return one_or_404(cases_visible_to(viewer), "No such case.", pk=case_id)


def get_own_case(viewer: User, case_id: int) -> CaseEntry:
    """A case of the viewer's own log (to edit or delete); 404 for anyone else's."""
    case = CaseEntry.objects.filter(pk=case_id, trainee=viewer).first()
    if case is None or not viewer.is_authenticated:
        raise Http404("No such case in your log.")
    return case


def cases_of(trainee: User) -> QuerySet[CaseEntry]:
    return CaseEntry.objects.filter(trainee=trainee).select_related("supervisor")


#: The orders of the verification queue, by the case's date: the first is the default.
QUEUE_ORDERS = {"oldest": ("performed_on", "id"), "newest": ("-performed_on", "-id")}


def verification_queue(faculty: User, *, order: str = "oldest") -> QuerySet[CaseEntry]:
    """Cases naming ``faculty`` that still await verification, oldest (or newest) first."""
    return (
        CaseEntry.objects.filter(supervisor=faculty, status=CaseEntry.Status.PENDING)
        .select_related("trainee")
        .order_by(*QUEUE_ORDERS.get(order, QUEUE_ORDERS["oldest"]))
    )


def can_view_log_of(viewer: User, trainee: User) -> bool:
    """Whether the viewer may see a trainee's whole log and progress (not faculty)."""
    return access.can_view_trainee_records(viewer, trainee)


# What a person's home asks of the case log -----------------------------------------------


@dataclass(frozen=True)
class OwnCaseStatus:
    """A trainee's cases that need them: returned for correction, and awaiting
    verification since ``older_than`` or before (the oldest such case's date)."""

    returned: int
    stale: int
    oldest_stale: dt.date | None


def own_case_status(trainee: User, *, older_than: dt.date) -> OwnCaseStatus:
    """One aggregate query over the trainee's own log."""
    stale = Q(status=CaseEntry.Status.PENDING, performed_on__lte=older_than)
    found = CaseEntry.objects.filter(trainee=trainee).aggregate(
        returned=Count("id", filter=Q(status=CaseEntry.Status.RETURNED)),
        stale=Count("id", filter=stale),
        oldest_stale=Min("performed_on", filter=stale),
    )
    return OwnCaseStatus(found["returned"], found["stale"], found["oldest_stale"])


def queue_summary(faculty: User) -> tuple[int, dt.date | None]:
    """How many cases await ``faculty``'s verification, and the oldest one's date."""
    found = (
        verification_queue(faculty)
        .order_by()
        .aggregate(count=Count("id"), oldest=Min("performed_on"))
    )
    return found["count"], found["oldest"]


@dataclass(frozen=True)
class UnverifiedBySupervisor:
    supervisor: str
    count: int
    oldest: dt.date


def unverified_by_supervisor(viewer: User, *, older_than: dt.date) -> list[UnverifiedBySupervisor]:
    """Cases of the trainees ``viewer`` leads awaiting verification since ``older_than`` or
    before, per supervisor (most first; "no supervisor" for cases naming none)."""
    rows = (
        CaseEntry.objects.filter(
            trainee__in=access.trainees_led_by(viewer).values("pk"),
            status=CaseEntry.Status.PENDING,
            performed_on__lte=older_than,
        )
        .values("supervisor__username", "supervisor__first_name", "supervisor__last_name")
        .annotate(count=Count("id"), oldest=Min("performed_on"))
        .order_by("-count", "supervisor__username")
    )
    return [
        UnverifiedBySupervisor(
            " ".join(filter(None, (row["supervisor__first_name"], row["supervisor__last_name"])))
            or row["supervisor__username"]
            or "no supervisor",
            row["count"],
            row["oldest"],
        )
        for row in rows
    ]


def monthly_totals(trainee: User, *, months: int, as_of: dt.date) -> tuple[int, ...]:
    """The trainee's cases in each of the ``months`` months up to ``as_of``'s, oldest first
    (one query)."""
    first = as_of.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    counted = dict(
        CaseEntry.objects.filter(trainee=trainee, performed_on__gte=first, performed_on__lte=as_of)
        .annotate(month=Substr(Cast("performed_on", CharField()), 1, 7))
        .values_list("month")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("month", "count")
    )
    keys = []
    day = first
    while day <= as_of:
        keys.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return tuple(counted.get(key, 0) for key in keys)


def remembered_columns(user: User) -> dict[str, Any]:
    """How ``user`` last mapped an export's columns (``columns.suggest`` reads it)."""
    kept = ImportColumns.objects.filter(user=user).values_list("mapping", flat=True).first()
    return dict(kept or {})
