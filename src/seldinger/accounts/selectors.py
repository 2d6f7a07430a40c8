"""Who may see whose training records: the one place that decides it, for every app.

- everyone sees their own records;
- a program's director, coordinator and faculty see the records of that
  program's trainees (residents and fellows), while their own appointment is
  current;
- platform administrators see everyone's;
- nobody else sees anyone else's.

Every view, API endpoint, export and report that shows a trainee's records asks
``can_view_trainee_records`` or starts from ``visible_trainees``.
"""

import datetime as dt
from typing import Any, TypeGuard

from django.db.models import Q, QuerySet
from django.utils import timezone

from seldinger.accounts.models import ProgramMembership, Role, User
from seldinger.accounts.requests import AnyUser
from seldinger.programs.models import Program

Kind = ProgramMembership.Kind

#: Membership kinds that lead a program.
LEADERSHIP_KINDS = (Kind.DIRECTOR, Kind.COORDINATOR)
#: Membership kinds that may see the records of the program's trainees.
SUPERVISING_KINDS = (Kind.DIRECTOR, Kind.COORDINATOR, Kind.FACULTY)


def _is_active_user(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _is_platform_admin(user: User) -> bool:
    return _is_active_user(user) and user.is_platform_admin


def _current(on: dt.date) -> Q:
    """Memberships in force on ``on`` (open-ended dates count as in force)."""
    return (Q(start_date__isnull=True) | Q(start_date__lte=on)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def _supervised_program_ids(user: User, kinds: tuple[str, ...]) -> QuerySet[ProgramMembership, int]:
    return ProgramMembership.objects.filter(
        _current(timezone.localdate()), user=user, kind__in=kinds
    ).values_list("program_id", flat=True)


def programs_led_by(user: AnyUser) -> QuerySet[Program]:
    """Programs where ``user`` is currently director or coordinator."""
    if not _is_active_user(user):
        return Program.objects.none()
    return Program.objects.filter(pk__in=_supervised_program_ids(user, LEADERSHIP_KINDS))


def programs_supervised_by(user: User) -> QuerySet[Program]:
    """Programs where ``user`` is currently director, coordinator or faculty."""
    if not _is_active_user(user):
        return Program.objects.none()
    return Program.objects.filter(pk__in=_supervised_program_ids(user, SUPERVISING_KINDS))


def _trainees() -> Q:
    return Q(role=Role.RESIDENT) | Q(
        pk__in=ProgramMembership.objects.filter(kind=Kind.TRAINEE).values("user_id")
    )


def visible_trainees(viewer: User) -> QuerySet[User]:
    """The trainees whose records ``viewer`` may see (themselves included, if a trainee)."""
    if not _is_active_user(viewer):
        return User.objects.none()
    if _is_platform_admin(viewer):
        return User.objects.filter(_trainees())
    supervised = ProgramMembership.objects.filter(
        kind=Kind.TRAINEE,
        program_id__in=_supervised_program_ids(viewer, SUPERVISING_KINDS),
    ).values("user_id")
    return User.objects.filter(Q(pk__in=supervised) | (Q(pk=viewer.pk) & _trainees()))


def can_view_trainee_records(viewer: User, trainee: User) -> bool:
    """Whether ``viewer`` may see ``trainee``'s training records."""
    if not _is_active_user(viewer) or trainee is None or trainee.pk is None:
        return False
    if viewer.pk == trainee.pk or _is_platform_admin(viewer):
        return True
    return ProgramMembership.objects.filter(
        user=trainee,
        kind=Kind.TRAINEE,
        program_id__in=_supervised_program_ids(viewer, SUPERVISING_KINDS),
    ).exists()


def can_edit_training_of(editor: Any, trainee: User) -> bool:
    """Whether ``editor`` may change ``trainee``'s training record: the trainee, the director
    or coordinator of their program, or a platform administrator (not faculty)."""
    if not _is_active_user(editor) or trainee is None or trainee.pk is None:
        return False
    if editor.pk == trainee.pk or _is_platform_admin(editor):
        return True
    return ProgramMembership.objects.filter(
        user=trainee,
        kind=Kind.TRAINEE,
        program_id__in=_supervised_program_ids(editor, LEADERSHIP_KINDS),
    ).exists()
