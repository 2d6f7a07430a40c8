"""Writes for scholarly activity, mentorships and meeting notes: checked and audited.

Callers pass objects the selectors already allowed; the services check the
fields and the relationships (a director of the program, a trainee of it, a
faculty mentor of it) and write every change through the audited writes of ``audit.services``.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.audit.services import audited_create, audited_delete, audited_update
from seldinger.caselog.phi import phi_message
from seldinger.errors import Invalid
from seldinger.programs.models import Program
from seldinger.scholarship import selectors
from seldinger.scholarship.models import (
    Activity,
    MeetingNote,
    Mentorship,
    Presentation,
    Publication,
    QualityProject,
    ResearchProject,
)

#: Free-text fields checked for PHI (project titles and aims describe work, never patients).
PHI_CHECKED = {ResearchProject: ("title",), QualityProject: ("title", "aim")}


class ScholarshipError(Invalid):
    """Invalid input: ``errors`` maps each field (or ``"__all__"``) to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        message = "; ".join(f"{name}: {message}" for name, message in errors.items())
        super().__init__(message, errors=errors)


def _errors_of(error: ValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}
    return {"__all__": " ".join(error.messages)}


def _check(activity: Activity) -> None:
    """Field checks of the model plus the rules of each kind; raises ScholarshipError."""
    errors: dict[str, str] = {}
    try:
        activity.full_clean(exclude=["trainee"])
    except ValidationError as error:
        errors.update(_errors_of(error))
    start, end = getattr(activity, "start_date", None), getattr(activity, "end_date", None)
    if start and end and end < start:
        errors.setdefault("end_date", "The end date is before the start date.")
    if isinstance(activity, Publication):
        this_year = timezone.localdate().year
        if activity.year and not 1950 <= activity.year <= this_year + 1:
            errors.setdefault("year", f"Give a year between 1950 and {this_year + 1}.")
        if activity.pmid and not activity.pmid.isdigit():
            errors.setdefault("pmid", "A PMID is digits only.")
    if isinstance(activity, Presentation):
        if activity.meeting == Presentation.Meeting.OTHER and not activity.meeting_other:
            errors.setdefault("meeting_other", "Name the meeting.")
        if activity.meeting != Presentation.Meeting.OTHER:
            activity.meeting_other = ""
    for name in PHI_CHECKED.get(type(activity), ()):
        message = phi_message(str(getattr(activity, name) or ""))
        if message:
            errors.setdefault(name, message)
    if errors:
        raise ScholarshipError(errors)


def _field_values(model: type[Activity], values: dict[str, Any]) -> dict[str, Any]:
    """The given values of the kind's fields, trimmed (a DOI or PMID also of its prefix)."""
    found: dict[str, Any] = {}
    for name in model.FIELDS:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = value.strip()
        if name in ("doi", "pmid") and isinstance(value, str):
            value = value.removeprefix("https://doi.org/").removeprefix("PMID:").strip()
        found[name] = value
    return found


@transaction.atomic
def add_activity(*, owner: User, kind: str, values: dict[str, Any]) -> Activity:
    """Add one of the owner's own scholarly records; raises ScholarshipError."""
    model = selectors.activity_model(kind)
    activity = model(trainee=owner, **_field_values(model, values))
    _check(activity)
    return audited_create(actor=owner, instance=activity)


@transaction.atomic
def change_activity(*, actor: User, activity: Activity, values: dict[str, Any]) -> Activity:
    """Change a record's fields (those given); raises ScholarshipError."""
    changes = _field_values(type(activity), values)
    return audited_update(actor=actor, instance=activity, changes=changes, check=_check)


@transaction.atomic
def delete_activity(*, actor: User, activity: Activity) -> None:
    audited_delete(actor=actor, instance=activity)


# Mentorships ------------------------------------------------------------------------------


@transaction.atomic
def assign_mentor(
    *,
    director: User,
    program: Program,
    resident: User,
    mentor: User,
    on: dt.date | None = None,
) -> Mentorship:
    """The director assigns ``mentor`` to ``resident`` of ``program``, ending any current
    mentor's assignment there; raises ScholarshipError."""
    on = on or timezone.localdate()
    if not access.programs_directed_by(director).filter(pk=program.pk).exists():
        raise ScholarshipError({"program": "Only the program's director assigns mentors."})
    errors: dict[str, str] = {}
    if not access.trainees_of(program).filter(pk=resident.pk).exists():
        errors["resident"] = "Not a current resident of this program."
    if not selectors.mentor_candidates(program).filter(pk=mentor.pk).exists():
        errors["mentor"] = "Not a current faculty member of this program."
    if mentor.pk == resident.pk:
        errors["mentor"] = "A resident cannot mentor themselves."
    if errors:
        raise ScholarshipError(errors)
    current = (
        Mentorship.objects.select_for_update()
        .filter(program=program, resident=resident, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        if current.mentor_id == mentor.pk:
            return current
        end_mentorship(actor=director, mentorship=current, on=on)
    mentorship = Mentorship(
        program=program, resident=resident, mentor=mentor, assigned_by=director, started_on=on
    )
    return audited_create(actor=director, instance=mentorship)


@transaction.atomic
def end_mentorship(*, actor: User, mentorship: Mentorship, on: dt.date | None = None) -> Mentorship:
    if mentorship.ended_on is not None:
        return mentorship
    ended_on = max(on or timezone.localdate(), mentorship.started_on)
    return audited_update(
        actor=actor,
        instance=mentorship,
        changes={"ended_on": ended_on},
        update_fields=["ended_on"],
    )


# Meeting notes ----------------------------------------------------------------------------


def _check_note(date: Any, notes: Any) -> dict[str, Any]:
    errors: dict[str, str] = {}
    text = str(notes or "").strip()
    if not isinstance(date, dt.date):
        errors["date"] = "Give the meeting's date."
    elif date > timezone.localdate():
        errors["date"] = "The meeting's date is in the future."
    if not text:
        errors["notes"] = "Write the notes."
    if errors:
        raise ScholarshipError(errors)
    return {"date": date, "notes": text}


@transaction.atomic
def add_note(*, author: User, mentorship: Mentorship, date: dt.date, notes: str) -> MeetingNote:
    """A note by the resident or the current mentor of ``mentorship``; raises ScholarshipError."""
    if mentorship.ended_on is not None or author.pk not in (
        mentorship.resident_id,
        mentorship.mentor_id,
    ):
        raise ScholarshipError({"__all__": "Only the resident and their mentor write notes."})
    note = MeetingNote(mentorship=mentorship, author=author, **_check_note(date, notes))
    return audited_create(actor=author, instance=note)


def _check_author(actor: User, note: MeetingNote, does: str) -> None:
    if note.author_id != actor.pk:
        raise ScholarshipError({"__all__": f"Only the note's author {does} it."})


@transaction.atomic
def change_note(*, actor: User, note: MeetingNote, date: dt.date, notes: str) -> MeetingNote:
    _check_author(actor, note, "changes")
    return audited_update(actor=actor, instance=note, changes=_check_note(date, notes))


@transaction.atomic
def delete_note(*, actor: User, note: MeetingNote) -> None:
    _check_author(actor, note, "deletes")
    audited_delete(actor=actor, instance=note)
