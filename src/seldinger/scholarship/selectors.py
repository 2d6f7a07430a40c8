"""Reads for scholarly activity, and the one place that decides who sees what here.

Scholarly records (publications, presentations, research, QI, conferences):

- a trainee sees and changes their own;
- the director and coordinator of the trainee's program read them;
- the trainee's current mentor reads them;
- platform administrators read all;
- nobody else (in particular, faculty who are not the mentor) sees any.

Mentor meeting notes are seen only by the resident, the current mentor and
the directors of the mentorship's program; the resident or the mentor writes
them and only their author changes them. Only a program's director assigns
mentors. Anything else answers 404.

Stricter than ``seldinger.accounts.selectors.can_view_trainee_records``,
which lets every faculty member of a program see its trainees' records.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from seldinger.accounts.models import ProgramMembership, Role, User
from seldinger.accounts.selectors import programs_led_by
from seldinger.caselog.selectors import trainees_led_by
from seldinger.programs.models import Program
from seldinger.scholarship.models import (
    ACTIVITY_MODELS,
    Activity,
    MeetingNote,
    Mentorship,
)

Kind = ProgramMembership.Kind


def _active(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _current_memberships(on: dt.date) -> Q:
    return (Q(start_date__isnull=True) | Q(start_date__lte=on)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def is_trainee(user: User) -> bool:
    """Whether ``user`` keeps scholarly records of their own (a resident or fellow)."""
    if not _active(user):
        return False
    return bool(
        user.role == Role.RESIDENT
        or ProgramMembership.objects.filter(user=user, kind=Kind.TRAINEE).exists()
    )


def programs_directed_by(user: User) -> QuerySet[Program]:
    """Programs where ``user`` is currently director (not coordinator)."""
    if not _active(user):
        return Program.objects.none()
    return Program.objects.filter(
        pk__in=ProgramMembership.objects.filter(
            _current_memberships(timezone.localdate()), user=user, kind=Kind.DIRECTOR
        ).values("program_id")
    )


def programs_for_export(user: User) -> QuerySet[Program]:
    """Programs whose annual update ``user`` may export: those they direct or coordinate."""
    return programs_led_by(user).order_by("name")


def mentees_of(mentor: User) -> QuerySet[User]:
    if not _active(mentor):
        return User.objects.none()
    return User.objects.filter(
        mentorships_as_mentee__mentor=mentor, mentorships_as_mentee__ended_on__isnull=True
    ).distinct()


def trainees_visible_to(viewer: User) -> QuerySet[User]:
    """Trainees whose scholarly records ``viewer`` may read (themselves, if a trainee)."""
    if not _active(viewer):
        return User.objects.none()
    trainee_ids = ProgramMembership.objects.filter(kind=Kind.TRAINEE).values("user_id")
    if viewer.is_platform_admin:
        return User.objects.filter(Q(role=Role.RESIDENT) | Q(pk__in=trainee_ids))
    own = Q(pk=viewer.pk) if is_trainee(viewer) else Q(pk__in=[])
    return User.objects.filter(
        own
        | Q(pk__in=trainees_led_by(viewer).values("pk"))
        | Q(pk__in=mentees_of(viewer).values("pk"))
    ).order_by("last_name", "first_name", "username")


def get_visible_trainee(viewer: User, trainee_id: int) -> User:
    trainee = trainees_visible_to(viewer).filter(pk=trainee_id).first()
    if trainee is None:
        raise Http404("No such resident.")
    return trainee


def activity_model(kind: str) -> type[Activity]:
    try:
        return ACTIVITY_MODELS[kind]
    except KeyError:
        raise Http404("No such kind of scholarly activity.") from None


def activities_of(trainee: User, kind: str) -> QuerySet[Any]:
    return activity_model(kind).objects.filter(trainee=trainee)


def all_activities_of(trainee: User) -> dict[str, QuerySet[Any]]:
    return {kind: model.objects.filter(trainee=trainee) for kind, model in ACTIVITY_MODELS.items()}


def get_visible_activity(viewer: User, kind: str, activity_id: int) -> Activity:
    model = activity_model(kind)
    activity = (
        model.objects.filter(pk=activity_id, trainee__in=trainees_visible_to(viewer).values("pk"))
        .select_related("trainee")
        .first()
    )
    if activity is None:
        raise Http404("No such record.")
    return activity


def get_own_activity(viewer: User, kind: str, activity_id: int) -> Activity:
    """One of the viewer's own records (to change or delete); 404 for anyone else's."""
    model = activity_model(kind)
    activity = model.objects.filter(pk=activity_id, trainee_id=getattr(viewer, "pk", None)).first()
    if activity is None or not _active(viewer):
        raise Http404("No such record of yours.")
    return activity


# Mentorships ------------------------------------------------------------------------------


def mentorships_visible_to(viewer: User) -> QuerySet[Mentorship]:
    """Current and past mentorships the viewer is part of, or whose program they direct."""
    if not _active(viewer):
        return Mentorship.objects.none()
    return Mentorship.objects.filter(
        Q(resident=viewer) | Q(mentor=viewer) | Q(program__in=programs_directed_by(viewer))
    ).select_related("program", "resident", "mentor")


def get_directed_mentorship(viewer: User, mentorship_id: int) -> Mentorship:
    """A mentorship of a program the viewer directs (to end it); 404 otherwise."""
    mentorship = (
        Mentorship.objects.filter(pk=mentorship_id, program__in=programs_directed_by(viewer))
        .select_related("program", "resident", "mentor")
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship in your program.")
    return mentorship


def current_mentorships_of(trainee: User) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(resident=trainee, ended_on__isnull=True).select_related(
        "mentor", "program"
    )


def residents_of_program(program: Program, on: dt.date | None = None) -> QuerySet[User]:
    """Trainees of ``program`` whose appointment is current on ``on`` (default today)."""
    return (
        User.objects.filter(
            Q(memberships__program=program)
            & Q(memberships__kind=Kind.TRAINEE)
            & _prefixed_current(on or timezone.localdate()),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _prefixed_current(on: dt.date) -> Q:
    return (Q(memberships__start_date__isnull=True) | Q(memberships__start_date__lte=on)) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=on)
    )


def mentor_candidates(program: Program) -> QuerySet[User]:
    """Current faculty and directors of ``program``: whom its director may assign as mentor."""
    return (
        User.objects.filter(
            Q(memberships__program=program)
            & Q(memberships__kind__in=(Kind.FACULTY, Kind.DIRECTOR))
            & _prefixed_current(timezone.localdate()),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# Meeting notes ----------------------------------------------------------------------------


def notes_visible_to(viewer: User) -> QuerySet[MeetingNote]:
    if not _active(viewer):
        return MeetingNote.objects.none()
    return MeetingNote.objects.filter(
        Q(mentorship__resident=viewer)
        | Q(mentorship__mentor=viewer, mentorship__ended_on__isnull=True)
        | Q(mentorship__program__in=programs_directed_by(viewer))
    ).select_related("mentorship", "mentorship__mentor", "mentorship__resident", "author")


def notes_about(viewer: User, trainee: User) -> QuerySet[MeetingNote]:
    """The meeting notes about ``trainee`` that ``viewer`` may read."""
    return notes_visible_to(viewer).filter(mentorship__resident=trainee)


def get_visible_note(viewer: User, note_id: int) -> MeetingNote:
    note = notes_visible_to(viewer).filter(pk=note_id).first()
    if note is None:
        raise Http404("No such meeting note.")
    return note


def get_own_note(viewer: User, note_id: int) -> MeetingNote:
    """A note the viewer wrote and still sees (to change or delete); 404 otherwise."""
    note = notes_visible_to(viewer).filter(pk=note_id, author=viewer).first()
    if note is None:
        raise Http404("No such meeting note of yours.")
    return note


def mentorship_for_notes(viewer: User, trainee: User) -> Mentorship:
    """The current mentorship under which ``viewer`` (the resident or the mentor) writes
    notes about ``trainee``; 404 when there is none."""
    if not _active(viewer):
        raise Http404("No mentorship.")
    mentorship = (
        current_mentorships_of(trainee)
        .filter(Q(resident=viewer) | Q(mentor=viewer))
        .order_by("-started_on", "-id")
        .first()
    )
    if mentorship is None:
        raise Http404("No current mentorship.")
    return mentorship


def may_write_notes(viewer: User, trainee: User) -> bool:
    try:
        mentorship_for_notes(viewer, trainee)
    except Http404:
        return False
    return True


def may_read_notes(viewer: User, trainee: User) -> bool:
    """Whether ``viewer`` is the resident, the current mentor or a director of the program."""
    if not _active(viewer):
        return False
    return Mentorship.objects.filter(
        Q(resident=trainee)
        & (
            Q(resident=viewer)
            | Q(mentor=viewer, ended_on__isnull=True)
            | Q(program__in=programs_directed_by(viewer))
        )
    ).exists() or (viewer.pk == trainee.pk)


# The annual-update export -----------------------------------------------------------------


def get_exportable_program(viewer: User, program_id: int) -> Program:
    """A program the viewer directs or coordinates; 404 for any other."""
    program = programs_for_export(viewer).filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program of yours.")
    return program


def residents_for_export(
    program: Program, start: dt.date, end: dt.date, resident_id: int | None = None
) -> QuerySet[User]:
    """Trainees of ``program`` appointed during part of ``start``-``end``; with
    ``resident_id``, only that one (404 when not among them)."""
    members = ProgramMembership.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=start),
        program=program,
        kind=Kind.TRAINEE,
    ).values("user_id")
    residents = User.objects.filter(pk__in=members).order_by("last_name", "first_name", "username")
    if resident_id is not None:
        residents = residents.filter(pk=resident_id)
        if not residents.exists():
            raise Http404("No such resident of this program.")
    return residents
