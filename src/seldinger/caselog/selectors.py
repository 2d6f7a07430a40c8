"""Reads for the case log, and who sees which cases (by ``seldinger.accounts.selectors``).

- a trainee sees and changes their own cases;
- faculty see only the cases that name them as supervisor;
- a program's director and coordinator see the cases of that program's current trainees;
- platform administrators see all; nobody else sees any.
"""

import datetime as dt
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.caselog.catalogue import Catalogue, load_catalogue
from seldinger.caselog.models import CaseEntry
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


def verification_queue(faculty: User) -> QuerySet[CaseEntry]:
    """Cases naming ``faculty`` that still await verification."""
    return (
        CaseEntry.objects.filter(supervisor=faculty, status=CaseEntry.Status.PENDING)
        .select_related("trainee")
        .order_by("performed_on", "id")
    )


def can_view_log_of(viewer: User, trainee: User) -> bool:
    """Whether the viewer may see a trainee's whole log and progress (not faculty)."""
    return access.can_view_trainee_records(viewer, trainee)
