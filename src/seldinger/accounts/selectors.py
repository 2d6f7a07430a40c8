"""Who may see whom: the one place that decides it, for every app.

Program memberships (trainee, faculty, coordinator, director) are read only
here; other apps ask these functions and never query memberships themselves.

A trainee's records, whatever their kind:

- everyone sees their own;
- the director and coordinator of a program see the records of its *current*
  trainees, while their own appointment is current (``trainees_led_by``);
  a trainee whose membership has ended is no longer theirs to see;
- platform administrators see everyone's (where an app shows them at all);
- faculty see only the records that name them, decided by the app that keeps
  the records: cases they supervised (caselog), evaluations assigned to them
  (milestones), their mentees' scholarly records (scholarship); never a
  trainee's whole record because they teach in the trainee's program;
- nobody else sees anyone else's.

``can_view_trainee_records`` and ``visible_trainees`` answer for a trainee's
whole record; each app adds the records that name the viewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeGuard, cast

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import ApiToken, Role, User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.tokens import read_token, secret_matches

if TYPE_CHECKING:
    # accounts stands below programs (see .importlinter): a membership names its program by
    # the label "programs.Program", and these selectors take the model from that relation.
    from seldinger.programs.models import Program

Kind = ProgramMembership.Kind

#: Membership kinds that lead a program.
LEADERSHIP_KINDS = (Kind.DIRECTOR, Kind.COORDINATOR)
#: Membership kinds that teach in a program (and may supervise cases, evaluate, mentor).
TEACHING_KINDS = (Kind.FACULTY, Kind.DIRECTOR)
#: Membership kinds with an appointment to a program's staff.
STAFF_KINDS = (Kind.DIRECTOR, Kind.COORDINATOR, Kind.FACULTY)

Programs: TypeAlias = "Program | QuerySet[Program]"


def _programs() -> QuerySet[Program]:
    model = ProgramMembership.program.field.related_model
    return cast("QuerySet[Program]", model._default_manager.all())


class TraineeMembership(Protocol):
    """What other apps read of a trainee's membership (dates, track, program)."""

    @property
    def pk(self) -> Any: ...
    @property
    def user_id(self) -> int: ...
    @property
    def user(self) -> User: ...
    @property
    def program_id(self) -> int: ...
    @property
    def program(self) -> Program: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def end_date(self) -> dt.date | None: ...
    @property
    def esir(self) -> bool: ...


# Users --------------------------------------------------------------------------------------


def is_active_user(user: AnyUser | None) -> TypeGuard[User]:
    """A logged-in user whose account is active: nobody else sees anything of anyone."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_platform_admin(user: AnyUser | None) -> bool:
    return is_active_user(user) and bool(user.is_platform_admin)


#: The roles of people who lead, teach or run programs, whose accounts see others' records.
STAFF_ROLES = frozenset({Role.FACULTY, Role.COORDINATOR, Role.DIRECTOR, Role.ADMIN})


def is_staff_member(user: AnyUser | None) -> bool:
    """Faculty, coordinators, directors and administrators (by role; a superuser too): the
    people who must use a second factor where the setting says so. Asks no query."""
    return is_active_user(user) and (user.role in STAFF_ROLES or user.is_platform_admin)


def _trainees() -> Q:
    """Residents and fellows: by role, or by a trainee membership (past or present)."""
    return Q(role=Role.RESIDENT) | Q(
        pk__in=ProgramMembership.objects.filter(kind=Kind.TRAINEE).values("user_id")
    )


def is_trainee(user: AnyUser | None) -> bool:
    """Whether ``user`` keeps training records of their own (case log, hours, scholarship)."""
    if not is_active_user(user):
        return False
    return bool(
        user.role == Role.RESIDENT
        or ProgramMembership.objects.filter(user=user, kind=Kind.TRAINEE).exists()
    )


# Memberships in force -----------------------------------------------------------------------


def _in_force(on: dt.date | None = None) -> Q:
    """Memberships in force on ``on`` (default today); open-ended dates count as in force."""
    on = on or timezone.localdate()
    return (Q(start_date__isnull=True) | Q(start_date__lte=on)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def _program_filter(programs: Programs) -> Q:
    if not isinstance(programs, QuerySet):
        return Q(program=programs)
    return Q(program__in=programs)


def _members(programs: Programs, kinds: Iterable[str], on: dt.date | None = None) -> QuerySet[User]:
    """Active users with a membership of one of ``kinds`` in force in ``programs``."""
    members = ProgramMembership.objects.filter(
        _in_force(on), _program_filter(programs), kind__in=list(kinds)
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True)


def _program_ids(user: User, kinds: Iterable[str]) -> QuerySet[ProgramMembership, int]:
    return ProgramMembership.objects.filter(
        _in_force(), user=user, kind__in=list(kinds)
    ).values_list("program_id", flat=True)


# Programs -----------------------------------------------------------------------------------


def programs_led_by(user: AnyUser | None) -> QuerySet[Program]:
    """Programs where ``user`` is currently director or coordinator."""
    if not is_active_user(user):
        return _programs().none()
    return _programs().filter(pk__in=_program_ids(user, LEADERSHIP_KINDS))


def programs_directed_by(user: AnyUser | None) -> QuerySet[Program]:
    """Programs where ``user`` is currently director (not coordinator)."""
    if not is_active_user(user):
        return _programs().none()
    return _programs().filter(pk__in=_program_ids(user, (Kind.DIRECTOR,)))


def programs_supervised_by(user: AnyUser | None) -> QuerySet[Program]:
    """Programs where ``user`` is currently director, coordinator or faculty."""
    if not is_active_user(user):
        return _programs().none()
    return _programs().filter(pk__in=_program_ids(user, STAFF_KINDS))


def trainee_programs(trainee: User) -> QuerySet[Program]:
    """Programs where ``trainee`` is currently a trainee."""
    return _programs().filter(pk__in=_program_ids(trainee, (Kind.TRAINEE,)))


# The people of a program --------------------------------------------------------------------


def trainees_of(programs: Programs, *, on: dt.date | None = None) -> QuerySet[User]:
    """Active trainees of ``programs`` whose membership is in force on ``on`` (default today)."""
    return _members(programs, (Kind.TRAINEE,), on).order_by("last_name", "first_name", "username")


def trainees_appointed_during(program: Program, start: dt.date, end: dt.date) -> QuerySet[User]:
    """Trainees of ``program`` appointed during part of ``start``-``end`` (a year's report
    names those who graduated or left during it)."""
    members = ProgramMembership.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=start),
        program=program,
        kind=Kind.TRAINEE,
    ).values("user_id")
    return User.objects.filter(pk__in=members).order_by("last_name", "first_name", "username")


def faculty_of(programs: Programs) -> QuerySet[User]:
    """Current faculty and directors of ``programs``: who may evaluate or mentor there."""
    return _members(programs, TEACHING_KINDS).order_by("last_name", "first_name", "username")


def directors_of(program: Program) -> QuerySet[User]:
    """The program's current directors."""
    return _members(program, (Kind.DIRECTOR,)).order_by("last_name", "username")


def supervisors_of(trainee: User) -> QuerySet[User]:
    """Faculty and directors of any program the trainee belongs or belonged to: whom a case
    may name (a case logged or imported late names a supervisor who may since have left)."""
    programs = ProgramMembership.objects.filter(user=trainee, kind=Kind.TRAINEE).values(
        "program_id"
    )
    staff = ProgramMembership.objects.filter(program_id__in=programs, kind__in=TEACHING_KINDS)
    return User.objects.filter(pk__in=staff.values("user_id"), is_active=True).order_by(
        "last_name", "username"
    )


def is_current_trainee_of(trainee: User | OuterRef, program: Program | OuterRef) -> Exists:
    """A query condition: ``trainee`` is currently a trainee of ``program`` (values or
    ``OuterRef``s), e.g. an assignment whose resident is still in the program."""
    return Exists(
        ProgramMembership.objects.filter(
            _in_force(), user=trainee, program=program, kind=Kind.TRAINEE
        )
    )


# A trainee's membership -------------------------------------------------------------------


def trainee_memberships(users: Any) -> QuerySet[ProgramMembership]:
    """The trainee memberships (past, present, future) of ``users`` (ids or a query)."""
    return ProgramMembership.objects.filter(kind=Kind.TRAINEE, user_id__in=users).select_related(
        "program", "user"
    )


def membership_on(
    memberships: Iterable[TraineeMembership], on: dt.date
) -> TraineeMembership | None:
    """The membership that applies on ``on``: the one in force (the latest started, if
    several), else the latest started."""
    candidates = list(memberships)
    if not candidates:
        return None
    current = [
        membership
        for membership in candidates
        if (membership.start_date is None or membership.start_date <= on)
        and (membership.end_date is None or membership.end_date >= on)
    ]
    return max(current or candidates, key=lambda m: (m.start_date or dt.date.min, m.pk))


def program_of(trainee: User, on: dt.date | None = None) -> Program | None:
    """The trainee's program on ``on`` (default today), as ``membership_on`` picks it."""
    membership = membership_on(trainee_memberships([trainee.pk]), on or timezone.localdate())
    return membership.program if membership else None


def trainee_end_dates(user: User) -> list[dt.date | None]:
    """The expected graduation dates of the user's trainee memberships."""
    return list(
        ProgramMembership.objects.filter(user=user, kind=Kind.TRAINEE).values_list(
            "end_date", flat=True
        )
    )


# Who sees whose records ---------------------------------------------------------------------


def trainees_led_by(viewer: AnyUser | None, *, directors_only: bool = False) -> QuerySet[User]:
    """The current trainees of the programs ``viewer`` currently directs or coordinates
    (only directs, with ``directors_only``)."""
    programs = programs_directed_by(viewer) if directors_only else programs_led_by(viewer)
    return trainees_of(programs)


def leads_trainee(
    viewer: AnyUser | None, trainee: User | None, *, directors_only: bool = False
) -> bool:
    """Whether ``trainee`` is a current trainee of a program ``viewer`` currently leads."""
    if trainee is None or trainee.pk is None:
        return False
    return trainees_led_by(viewer, directors_only=directors_only).filter(pk=trainee.pk).exists()


def deactivated_trainees_led_by(viewer: AnyUser | None) -> QuerySet[User]:
    """Deactivated trainees (graduates, leavers) who were ever trainees of a program ``viewer``
    currently leads: their records stay open to the program, read-only, for its exports."""
    former = ProgramMembership.objects.filter(
        program__in=programs_led_by(viewer), kind=Kind.TRAINEE
    ).values("user_id")
    return User.objects.filter(pk__in=former, deactivated_at__isnull=False)


def visible_trainees(viewer: AnyUser | None) -> QuerySet[User]:
    """The trainees whose whole record ``viewer`` may see (themselves included, if a trainee)."""
    if not is_active_user(viewer):
        return User.objects.none()
    if is_platform_admin(viewer):
        return User.objects.filter(_trainees())
    led = trainees_led_by(viewer).values("pk")
    former = deactivated_trainees_led_by(viewer).values("pk")
    return User.objects.filter(Q(pk__in=led) | Q(pk__in=former) | (Q(pk=viewer.pk) & _trainees()))


def can_view_trainee_records(viewer: AnyUser | None, trainee: User | None) -> bool:
    """Whether ``viewer`` may see the whole of ``trainee``'s training records (a deactivated
    trainee's stay open to the leaders of the programs they trained in)."""
    if not is_active_user(viewer) or trainee is None or trainee.pk is None:
        return False
    if viewer.pk == trainee.pk or is_platform_admin(viewer):
        return True
    if trainee.deactivated_at is not None:
        return deactivated_trainees_led_by(viewer).filter(pk=trainee.pk).exists()
    return leads_trainee(viewer, trainee)


def can_edit_training_of(editor: AnyUser | None, trainee: User | None) -> bool:
    """Whether ``editor`` may change ``trainee``'s training record: the trainee, a current
    director or coordinator of their program, or a platform administrator (not faculty);
    nobody changes a deactivated trainee's record."""
    if trainee is not None and trainee.deactivated_at is not None:
        return False
    return _can_view_current(editor, trainee)


def _can_view_current(viewer: AnyUser | None, trainee: User | None) -> bool:
    if not is_active_user(viewer) or trainee is None or trainee.pk is None:
        return False
    if viewer.pk == trainee.pk or is_platform_admin(viewer):
        return True
    return leads_trainee(viewer, trainee)


# Personal API tokens -----------------------------------------------------------------------


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(user=user)


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the user's tokens; another person's token is as missing as no token (404)."""
    return get_object_or_404(tokens_of(user), pk=token_id)


def usable_token(text: str, *, at: dt.datetime) -> ApiToken | None:
    """The token ``text`` is, while it opens the API: not revoked, not expired, its user
    active, its secret right; None for anything else, alike."""
    given = read_token(text)
    if given is None:
        return None
    token = ApiToken.objects.select_related("user").filter(key=given.key).first()
    if token is None or not secret_matches(given.secret, token.secret_digest):
        return None
    if not token.is_usable(at) or not is_active_user(token.user):
        return None
    return token


# The people of a program (its leaders' people page) -----------------------------------------


def program_led_by(viewer: AnyUser | None, program_id: int) -> Program:
    """A program ``viewer`` currently leads; any other is as missing as no program (404)."""
    return get_object_or_404(programs_led_by(viewer), pk=program_id)


def memberships_in(program: Program) -> QuerySet[ProgramMembership]:
    """Every appointment to ``program``, past and present, with its user: leaders first, then
    faculty and trainees, each by name."""
    order = {kind: rank for rank, kind in enumerate((*LEADERSHIP_KINDS, Kind.FACULTY))}
    ranked = sorted(order.items(), key=lambda item: item[1])
    rank = Case(*(When(kind=kind, then=Value(i)) for kind, i in ranked), default=Value(9))
    return (
        ProgramMembership.objects.filter(program=program)
        .select_related("user")
        .annotate(kind_rank=rank)
        .order_by("kind_rank", "user__last_name", "user__first_name", "user__username", "pk")
    )


def is_current_member(user: User, program: Program, kind: str) -> bool:
    """Whether ``user`` holds an appointment of ``kind`` to ``program`` in force today."""
    return ProgramMembership.objects.filter(
        _in_force(), user=user, program=program, kind=kind
    ).exists()


def may_deactivate(actor: AnyUser | None, program: Program, person: User) -> bool:
    """Whether ``actor`` may deactivate or reactivate ``person`` from ``program``'s people
    page: ``actor`` currently leads it, and ``person`` is (or was) one of its trainees or
    faculty, not one of its leaders, and not ``actor``."""
    if not is_active_user(actor) or actor.pk == person.pk:
        return False
    if not programs_led_by(actor).filter(pk=program.pk).exists():
        return False
    memberships = ProgramMembership.objects.filter(user=person, program=program)
    return (
        memberships.filter(kind__in=(Kind.TRAINEE, Kind.FACULTY)).exists()
        and not memberships.filter(_in_force(), kind__in=LEADERSHIP_KINDS).exists()
    )
