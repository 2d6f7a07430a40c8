"""Reads for the tracker and rank order lists, and the one place that decides who sees what.

- An applicant sees only their own applications, checklist and rank order list;
  anyone else's answers 404, through the web and the API alike.
- A couple's paired list is seen by its two partners only.
- A program's rank order lists are seen by the program's current director and
  coordinator only; they rank applicants who told the program they applied
  (never the applicant's notes or other applications).
"""

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, TypeGuard, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from seldinger.accounts.models import Role, User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import is_active_user as _active
from seldinger.accounts.selectors import programs_led_by
from seldinger.applications import match_port
from seldinger.applications import season as season_core
from seldinger.applications.models import (
    ApplicantProfile,
    Application,
    Certifiable,
    Couple,
    CoupleRankEntry,
    ProgramRankEntry,
    ProgramRankOrderList,
    RankOrderEntry,
    RankOrderList,
    SupplementalEntry,
)
from seldinger.applications.tracks import TRACK_KINDS, TRACK_LABELS, TrackError, parse_track_id
from seldinger.applications.tracks import track_id as make_track_id
from seldinger.lookups import one_or_404
from seldinger.pathways.plan import Event
from seldinger.programs.models import Program
from seldinger.rules import default_parameters

M = TypeVar("M", bound=Model)

#: Roles that apply to programs and keep a rank order list.
APPLICANT_ROLES = (Role.STUDENT, Role.RESIDENT)


NOT_AN_APPLICANT = "Only students and residents who apply keep a tracker and a rank order list."


def may_apply(user: AnyUser) -> TypeGuard[User]:
    """Students (and residents applying again) keep a tracker and a rank order list."""
    return _active(user) and getattr(user, "role", None) in APPLICANT_ROLES


def require_applicant(user: AnyUser) -> User:
    """``user``, who keeps a tracker and a list; PermissionDenied (403) for anyone else."""
    if not may_apply(user):
        raise PermissionDenied(NOT_AN_APPLICANT)
    return user


def leads_a_program(user: AnyUser) -> bool:
    return _active(user) and programs_led_by(user).exists()


# The match calendar -----------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def season(match_year: int) -> season_core.Season:
    return season_core.season(match_year, default_parameters())


def current_match_year(today: dt.date | None = None) -> int:
    return season_core.current_match_year(today or timezone.localdate(), default_parameters())


def lock_reason(match_year: int, today: dt.date | None = None) -> str | None:
    """Why every list of ``match_year`` is read-only now, or None while they may change."""
    today = today or timezone.localdate()
    deadline = season(match_year).certification_deadline
    if deadline is not None and today > deadline:
        when = f"{deadline:%B} {deadline.day}, {deadline.year}"
        return f"The certification deadline ({when}) has passed."
    if match_port.final_match_run(match_year):
        return f"The {match_year} match has been run."
    return None


@dataclass(frozen=True)
class ListState:
    certified: bool
    locked_reason: str | None
    deadline: dt.date | None

    @property
    def locked(self) -> bool:
        return self.locked_reason is not None

    @property
    def editable(self) -> bool:
        return not self.certified and not self.locked

    @property
    def can_certify(self) -> bool:
        return self.editable

    @property
    def can_uncertify(self) -> bool:
        return self.certified and not self.locked

    @property
    def label(self) -> str:
        if self.locked:
            return "Locked (certified)" if self.certified else "Locked (not certified)"
        return "Certified" if self.certified else "Draft (not certified)"


def list_state(container: Certifiable | None, match_year: int) -> ListState:
    return ListState(
        certified=bool(container and container.certified),
        locked_reason=lock_reason(match_year),
        deadline=season(match_year).certification_deadline,
    )


# Program tracks ----------------------------------------------------------------------


@dataclass(frozen=True)
class Track:
    program: Program
    kind: str
    positions: int

    # Worked out once per track: a rank list page names every track a dozen times.
    @functools.cached_property
    def id(self) -> str:
        return make_track_id(self.program.acgme_id, self.kind)

    @property
    def kind_label(self) -> str:
        return TRACK_LABELS[self.kind]

    @functools.cached_property
    def label(self) -> str:
        return f"{self.program.name} · {self.kind.capitalize()}"


def positions(program: Program, kind: str) -> int:
    return int(getattr(program, f"positions_{kind}", 0) or 0)


def program_tracks(program: Program) -> list[Track]:
    """A program's tracks: one per position type it offers (positions > 0)."""
    return [
        Track(program, kind, positions(program, kind))
        for kind in TRACK_KINDS
        if positions(program, kind) > 0
    ]


#: What a track reads of its program (the rest of a directory profile stays unread).
TRACK_PROGRAM_FIELDS = (
    "name",
    "acgme_id",
    "kind",
    "is_synthetic",
    *(f"positions_{kind}" for kind in TRACK_KINDS),
)


def _offering_programs() -> QuerySet[Program]:
    offers = Q()
    for kind in TRACK_KINDS:
        offers |= Q(**{f"positions_{kind}__gt": 0})
    return Program.objects.filter(offers).only(*TRACK_PROGRAM_FIELDS).order_by("name", "acgme_id")


def available_tracks(kind: str | None = None) -> list[Track]:
    """Every program track in the match (optionally only one position type)."""
    tracks = [track for program in _offering_programs() for track in program_tracks(program)]
    return [track for track in tracks if kind is None or track.kind == kind]


def find_track(value: str) -> Track:
    """The track named ``"<ACGME ID>:<kind>"``; TrackError when there is none in the match."""
    acgme_id, kind = parse_track_id(value)
    program = Program.objects.filter(acgme_id=acgme_id).first()
    if program is None:
        raise TrackError(f"No program with ACGME ID {acgme_id!r}.")
    if positions(program, kind) <= 0:
        raise TrackError(f"{program.name} offers no {kind} positions.")
    return Track(program, kind, positions(program, kind))


# An applicant's own records ----------------------------------------------------------


def profile_of(user: User) -> ApplicantProfile:
    """The applicant's checklist; an unsaved one for the current match year if none yet."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    return profile or ApplicantProfile(user=user, match_year=current_match_year())


def applications_of(user: User) -> QuerySet[Application]:
    """A user's own applications; nobody sees another person's."""
    if not _active(user):
        return Application.objects.none()
    return Application.objects.filter(applicant=user).select_related("program")


def get_application(user: User, application_id: int) -> Application:
    """The user's own application, or Http404 (the same answer whether it exists or not)."""
    return _own_one(user, applications_of(user).filter(pk=application_id), "No such application.")


def signals_used(user: User) -> int:
    return applications_of(user).filter(signal=True).count()


def rank_list_of(user: User, match_year: int) -> RankOrderList | None:
    if not _active(user):
        return None
    return RankOrderList.objects.filter(applicant=user, match_year=match_year).first()


def rank_entries(rank_list: RankOrderList | None) -> list[Any]:
    """The list's entries in rank order, each with its supplemental list (programs' names and
    ids only: a list page reads nothing else of them)."""
    if rank_list is None:
        return []
    supplemental = SupplementalEntry.objects.select_related("program").only(
        "entry_id", "rank", "program__name", "program__acgme_id"
    )
    return list(
        rank_list.entries.select_related("program")
        .only("rank_list_id", "rank", "track", "program__name", "program__acgme_id")
        .prefetch_related(Prefetch("supplemental", queryset=supplemental))
    )


# Couples -----------------------------------------------------------------------------


def couples_of(user: User, match_year: int) -> QuerySet[Couple]:
    """Couples (pending or formed) the user belongs to for ``match_year``."""
    if not _active(user):
        return Couple.objects.none()
    return Couple.objects.filter(Q(first=user) | Q(second=user), match_year=match_year)


def couple_of(user: User, match_year: int) -> Couple | None:
    """The user's couple: a formed one first, else the invitation the user sent."""
    couples = list(couples_of(user, match_year).select_related("first", "second").order_by("pk"))
    accepted = [couple for couple in couples if couple.status == Couple.Status.ACCEPTED]
    sent = [couple for couple in couples if couple.first_id == user.pk]
    return next(iter(accepted or sent), None)


def invitations_to(user: User, match_year: int) -> QuerySet[Couple]:
    """Pending invitations sent to the user."""
    return couples_of(user, match_year).filter(second=user, status=Couple.Status.PENDING)


def get_couple(user: User, couple_id: int) -> Couple:
    """A couple the user belongs to, or Http404."""
    return _own_one(
        user,
        Couple.objects.filter(Q(first=user) | Q(second=user), pk=couple_id).select_related(
            "first", "second"
        ),
        "No such couple.",
    )


def couple_entries(couple: Couple | None) -> list[Any]:
    if couple is None:
        return []
    return list(couple.entries.select_related("first_program", "second_program"))


# Programs' lists ---------------------------------------------------------------------


def ranking_programs(user: User) -> QuerySet[Program]:
    """Programs whose rank order lists ``user`` keeps (as director or coordinator)."""
    return programs_led_by(user).order_by("name")


def get_program_track(user: User, acgme_id: str, kind: str) -> Track:
    """One track of a program the user leads, or Http404."""
    program = ranking_programs(user).filter(acgme_id=acgme_id).first()
    if program is None or kind not in TRACK_KINDS or positions(program, kind) <= 0:
        raise Http404("No such program track among those you rank.")
    return Track(program, kind, positions(program, kind))


def program_rank_list(track: Track, match_year: int) -> ProgramRankOrderList | None:
    return ProgramRankOrderList.objects.filter(
        program=track.program, track=track.kind, match_year=match_year
    ).first()


def program_rank_entries(rank_list: ProgramRankOrderList | None) -> list[Any]:
    if rank_list is None:
        return []
    return list(rank_list.entries.select_related("applicant"))


def candidates_for(program: Program) -> QuerySet[User]:
    """Applicants who told ``program`` they applied: the people it may rank."""
    return (
        User.objects.filter(
            applications__program=program,
            applications__status__in=Application.KNOWN_TO_PROGRAM,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def candidate_applications(program: Program) -> dict[int, Application]:
    """What the program may know of each candidate's application: status and interview date."""
    return {
        application.applicant_id: application
        for application in Application.objects.filter(
            program=program, status__in=[*Application.KNOWN_TO_PROGRAM, "withdrawn"]
        ).only("applicant", "status", "interview_date")
    }


# Single entries, each reachable only by whoever may change its list ---------------------


def _own_one(user: User, found: QuerySet[M], refusal: str) -> M:
    """The record ``found`` names among those ``user`` may change, or Http404 with
    ``refusal``: the same answer whether it exists or not, and for an inactive user."""
    return one_or_404(found if _active(user) else found.none(), refusal)


def get_rank_entry(user: User, entry_id: int) -> RankOrderEntry:
    return _own_one(
        user,
        RankOrderEntry.objects.filter(pk=entry_id, rank_list__applicant=user).select_related(
            "rank_list", "program"
        ),
        "No such entry on your list.",
    )


def get_supplemental_item(user: User, item_id: int) -> SupplementalEntry:
    return _own_one(
        user,
        SupplementalEntry.objects.filter(
            pk=item_id, entry__rank_list__applicant=user
        ).select_related("entry__rank_list", "program"),
        "No such entry on your supplemental lists.",
    )


def get_pair(user: User, entry_id: int) -> CoupleRankEntry:
    return _own_one(
        user,
        CoupleRankEntry.objects.filter(
            Q(couple__first=user) | Q(couple__second=user), pk=entry_id
        ).select_related("couple"),
        "No such pair on your couple's list.",
    )


def get_program_entry(user: User, entry_id: int) -> ProgramRankEntry:
    return _own_one(
        user,
        ProgramRankEntry.objects.filter(
            pk=entry_id, rank_list__program__in=ranking_programs(user)
        ).select_related("rank_list__program", "applicant"),
        "No such entry on your program's lists.",
    )


# What a person's home asks of applications ------------------------------------------------


def season_events_ahead(today: dt.date) -> list[Event]:
    """The current match season's events from ``today`` on (a window still open counts)."""
    found = season(current_match_year(today)).events
    return [event for event in found if (event.until or event.date) >= today]


def interviews_ahead(user: User, today: dt.date) -> QuerySet[Application]:
    """The user's interviews on ``today`` or later, soonest first."""
    return applications_of(user).filter(interview_date__gte=today).order_by("interview_date", "id")


def uncertified_program_lists(user: User, match_year: int) -> list[Track]:
    """The tracks of the programs ``user`` ranks for whose ``match_year`` list is not
    certified (two queries, whatever the number of tracks)."""
    tracks = [
        track
        for program in ranking_programs(user).only(*TRACK_PROGRAM_FIELDS)
        for track in program_tracks(program)
    ]
    certified = set(
        ProgramRankOrderList.objects.filter(
            program__in=[track.program.pk for track in tracks],
            match_year=match_year,
            certified_at__isnull=False,
        ).values_list("program_id", "track")
    )
    return [track for track in tracks if (track.program.pk, track.kind) not in certified]
