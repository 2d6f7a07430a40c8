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

Program memberships (who is a current trainee, director or faculty member of
a program) are asked of ``seldinger.accounts.selectors``.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import programs_directed_by, programs_led_by
from seldinger.lookups import one_or_404
from seldinger.programs.models import Program
from seldinger.scholarship.models import (
    ACTIVITY_MODELS,
    Activity,
    MeetingNote,
    Mentorship,
)


def is_trainee(user: User) -> bool:
    """Whether ``user`` keeps scholarly records of their own (a resident or fellow)."""
    return access.is_trainee(user)


def programs_for_export(user: User) -> QuerySet[Program]:
    """Programs whose annual update ``user`` may export: those they direct or coordinate."""
    return programs_led_by(user).order_by("name")


def mentees_of(mentor: Any) -> QuerySet[User]:
    if not access.is_active_user(mentor):
        return User.objects.none()
    return User.objects.filter(
        mentorships_as_mentee__mentor=mentor, mentorships_as_mentee__ended_on__isnull=True
    ).distinct()


def trainees_visible_to(viewer: User) -> QuerySet[User]:
    """Trainees whose scholarly records ``viewer`` may read (themselves, if a trainee)."""
    if not access.is_active_user(viewer):
        return User.objects.none()
    if viewer.is_platform_admin:
        return access.visible_trainees(viewer)
    return User.objects.filter(
        Q(pk__in=access.visible_trainees(viewer).values("pk"))
        | Q(pk__in=mentees_of(viewer).values("pk"))
    ).order_by("last_name", "first_name", "username")


def get_visible_trainee(viewer: User, trainee_id: int) -> User:
    return one_or_404(trainees_visible_to(viewer), "No such resident.", pk=trainee_id)


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
    if activity is None or not access.is_active_user(viewer):
        raise Http404("No such record of yours.")
    return activity


# Mentorships ------------------------------------------------------------------------------


def mentorships_visible_to(viewer: User) -> QuerySet[Mentorship]:
    """Current and past mentorships the viewer is part of, or whose program they direct."""
    if not access.is_active_user(viewer):
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


def mentor_candidates(program: Program) -> QuerySet[User]:
    """Current faculty and directors of ``program``: whom its director may assign as mentor."""
    return access.faculty_of(program)


# Meeting notes ----------------------------------------------------------------------------


def notes_visible_to(viewer: AnyUser | None) -> QuerySet[MeetingNote]:
    if not access.is_active_user(viewer):
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
    return one_or_404(notes_visible_to(viewer), "No such meeting note.", pk=note_id)


def get_own_note(viewer: User, note_id: int) -> MeetingNote:
    """A note the viewer wrote and still sees (to change or delete); 404 otherwise."""
    return one_or_404(
        notes_visible_to(viewer), "No such meeting note of yours.", pk=note_id, author=viewer
    )


def mentorship_for_notes(viewer: User, trainee: User) -> Mentorship:
    """The current mentorship under which ``viewer`` (the resident or the mentor) writes
    notes about ``trainee``; 404 when there is none."""
    if not access.is_active_user(viewer):
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
    if not access.is_active_user(viewer):
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
    return one_or_404(programs_for_export(viewer), "No such program of yours.", pk=program_id)


def residents_for_export(
    program: Program, start: dt.date, end: dt.date, resident_id: int | None = None
) -> QuerySet[User]:
    """Trainees of ``program`` appointed during part of ``start``-``end``; with
    ``resident_id``, only that one (404 when not among them)."""
    residents = access.trainees_appointed_during(program, start, end)
    if resident_id is not None:
        residents = residents.filter(pk=resident_id)
        if not residents.exists():
            raise Http404("No such resident of this program.")
    return residents
