"""Demo tracker entries and rank order lists for the match (``seldinger demo``).

The demo ``student`` tracks a few demo programs and has a draft rank order list of
three tracks; a second student, ``student2``, has applied to the first demo program
and invites ``student`` to match as a couple (pending, so the student's own list
still counts); the demo director ranks both on the first program's list. Only the
synthetic demo programs (ACGME IDs ``DEMO-...``) with positions in the match are
used, and each part is added once.
"""

import contextlib
import datetime as dt
from typing import Any

from django.db import transaction

from seldinger.accounts.models import Role, User
from seldinger.applications import selectors, services
from seldinger.applications.models import Application, Couple, ProgramRankOrderList
from seldinger.programs.models import Program

DEMO_PREFIX = "DEMO-"
#: (status, signal, notes) of the student's first demo programs, in the order they are listed.
DEMO_APPLICATIONS: tuple[tuple[str, bool, str], ...] = (
    ("interviewed", True, "Synthetic demo note: strong IR exposure from PGY-2 on."),
    ("interview_invited", True, "Synthetic demo note: virtual interview day."),
    ("applied", False, "Synthetic demo note: research year optional."),
    ("interested", False, ""),
)
RANK_LIST_LENGTH = 3


def _demo_tracks() -> list[selectors.Track]:
    """Students' demo tracks by ACGME ID (the director's DEMO-0001 first), Advanced first."""
    tracks = [
        track
        for track in selectors.available_tracks()
        if track.program.acgme_id.startswith(DEMO_PREFIX)
        and track.program.is_synthetic
        # Independent IR residencies take DR residents, not students.
        and track.program.kind != Program.Kind.INDEPENDENT_IR
    ]
    return sorted(tracks, key=lambda track: (track.program.acgme_id, track.kind != "advanced"))


@transaction.atomic
def load_demo_applications(users: dict[str, User], *, password: str) -> list[User]:
    """Add what is missing; returns the users it created (``student2`` the first time)."""
    student, director = users.get("student"), users.get("director")
    if student is None:
        return []
    created = []
    student2 = User.objects.filter(username="student2").first()
    if student2 is None:
        student2 = User.objects.create_user(
            username="student2",
            password=password,
            role=Role.STUDENT,
            first_name="Demo",
            last_name="Student Two",
            email="student2@demo.seldinger.invalid",
        )
        created.append(student2)
    tracks = _demo_tracks()
    programs: list[Program] = []
    for track in tracks:
        if track.program not in programs:
            programs.append(track.program)
    if not programs:
        return created
    match_year = selectors.current_match_year()
    _student_tracker(student, programs, match_year)
    _student_rank_list(student, tracks, match_year)
    _second_student(student2, student, programs[0], match_year)
    if director is not None:
        _director_rank_list(director, tracks, match_year, [student, student2])
    return created


def _student_tracker(student: User, programs: list[Program], match_year: int) -> None:
    if not selectors.profile_of(student).pk:
        services.save_profile(
            user=student,
            match_year=match_year,
            eras_application=True,
            personal_statement=True,
            letters_count=4,
            letters_ir_count=2,
            usmle_step1_passed=True,
            mspe=False,
            transcript=True,
            photo=True,
        )
    if selectors.applications_of(student).exists():
        return
    season_start = dt.date(match_year - 1, 9, 20)
    for number, (program, (status, signal, notes)) in enumerate(
        zip(programs, DEMO_APPLICATIONS, strict=False)
    ):
        fields: dict[str, Any] = {"status": status, "signal": signal, "notes": notes}
        if status != "interested":
            fields["applied_on"] = season_start
        if status in ("interview_invited", "interviewed"):
            fields["interview_invited_on"] = dt.date(match_year - 1, 10, 10 + number)
            fields["interview_date"] = dt.date(match_year - 1, 11, 14 + 7 * number)
        services.create_application(applicant=student, program=program, **fields)


def _student_rank_list(student: User, tracks: list[selectors.Track], match_year: int) -> None:
    if selectors.rank_list_of(student, match_year) is not None:
        return
    applied = set(
        selectors.applications_of(student)
        .exclude(status__in=["interested", "withdrawn"])
        .values_list("program_id", flat=True)
    )
    # Most integrated IR positions are Advanced: those first, then the rest.
    chosen = sorted(
        (track for track in tracks if track.program.pk in applied),
        key=lambda track: track.kind != "advanced",
    )[:RANK_LIST_LENGTH]
    if not chosen:
        return
    preliminary = selectors.available_tracks("preliminary")
    with contextlib.suppress(services.ListLocked, services.InvalidChange):
        services.replace_rank_list(
            applicant=student,
            match_year=match_year,
            tracks=[track.id for track in chosen],
            supplemental={
                track.id: [preliminary[0].id]
                for track in chosen[:1]
                if track.kind == "advanced" and preliminary
            },
        )


def _second_student(student2: User, student: User, program: Program, match_year: int) -> None:
    if not Application.objects.filter(applicant=student2, program=program).exists():
        services.create_application(
            applicant=student2, program=program, status="interviewed", signal=True
        )
    if not selectors.profile_of(student2).pk:
        services.save_profile(user=student2, match_year=match_year)
    if not Couple.objects.filter(match_year=match_year, first=student2).exists():
        with contextlib.suppress(services.InvalidChange):
            services.invite_partner(inviter=student2, partner_username=student.username)


def _director_rank_list(
    director: User, tracks: list[selectors.Track], match_year: int, applicants: list[User]
) -> None:
    led = set(selectors.ranking_programs(director).values_list("pk", flat=True))
    mine = [track for track in tracks if track.program.pk in led]
    if not mine:
        return
    track = mine[0]
    candidates = set(selectors.candidates_for(track.program).values_list("pk", flat=True))
    ranked = [user.username for user in applicants if user.pk in candidates]
    if (
        not ranked
        or ProgramRankOrderList.objects.filter(
            program=track.program, track=track.kind, match_year=match_year
        ).exists()
    ):
        return
    with contextlib.suppress(services.ListLocked, services.InvalidChange):
        services.replace_program_list(
            actor=director,
            track=track,
            match_year=match_year,
            usernames=ranked,
        )
