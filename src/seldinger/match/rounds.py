"""Practice match rounds: the platform's rank order lists through the match engine.

``instance_spec`` turns the lists of a match year (as applications hands them,
``applications.match_lists``) into the engine's instance (one engine program
per Program and position type with positions, named ``"<ACGME ID>:<kind>"``;
applicants by username; couples with their paired lists, their members in the
applicants with empty lists). ``run_round`` runs the engine, verifies the
result, and stores the round, each applicant's outcome and each track's fill,
mapping the engine's numbers straight back to rows. Plain functions: the web, the API, and later a
task queue call them.

Who sees what: platform administrators every round in full; a program's
director or coordinator every round, but only their programs' tracks and
matches; an applicant only their own outcome, in the rounds that included them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Func, IntegerField, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from seldinger.accounts.models import User
from seldinger.accounts.selectors import is_active_user as _active
from seldinger.accounts.selectors import is_platform_admin as _is_admin
from seldinger.applications.match_lists import (
    MatchLists,
    current_match_year,
    leads_a_program,
    match_lists,
    ranking_programs,
)
from seldinger.audit.services import audited_create
from seldinger.errors import Forbidden, Invalid
from seldinger.match.instance import (
    ApplicantSpec,
    CoupleSpec,
    InstanceError,
    InstanceSpec,
    MatchResult,
    ProgramSpec,
)
from seldinger.match.models import MatchOutcome, MatchRound, MatchTrackResult, latest_outcome_of
from seldinger.match.parse import build_instance
from seldinger.match.solve import run_match
from seldinger.match.verify import verify_result


class RoundError(Invalid):
    """The round cannot run: the engine refused the instance."""


class RoundNotAllowed(Forbidden):
    """The user may not run this round."""


def may_run_rounds(user: User) -> bool:
    """Platform administrators and programs' directors and coordinators run practice rounds."""
    return _is_admin(user) or leads_a_program(user)


def check_may_run(user: User, *, practice: bool = True) -> None:
    """RoundNotAllowed unless ``user`` may run this round (a final one: administrators only)."""
    if not may_run_rounds(user):
        raise RoundNotAllowed("Only administrators and program directors run rounds.")
    if not practice and not _is_admin(user):
        raise RoundNotAllowed("Only administrators run a final round.")


#: ``progress(label, done, total)``: what a running round is doing (a background job shows it).
Progress = Callable[[str, int, int | None], None]


def _no_progress(label: str, done: int, total: int | None) -> None:
    pass


# Building the instance --------------------------------------------------------------


def instance_spec(lists: MatchLists) -> InstanceSpec:
    """The engine's instance: one engine program per track, applicants by username, in
    the order of ``lists`` (the engine numbers them so, and results come back so)."""
    return InstanceSpec(
        programs=[
            ProgramSpec(track.id, track.positions, track.kind, track.ranked)
            for track in lists.tracks
        ],
        applicants=[
            ApplicantSpec(applicant.username, applicant.ranked, applicant.supplemental)
            for applicant in lists.applicants
        ],
        couples=[CoupleSpec(couple.members, couple.pairs) for couple in lists.couples],
    )


# Running a round --------------------------------------------------------------------

READING = "Reading the rank order lists"
MATCHING = "Running the match"
SAVING = "Saving each applicant's outcome"


@transaction.atomic
def run_round(
    *,
    actor: User | None,
    match_year: int | None = None,
    certified_only: bool = True,
    practice: bool = True,
    progress: Progress = _no_progress,
) -> MatchRound:
    """Run the engine on the lists of ``match_year`` and store the round.

    ``actor`` None is the command line (no permission check). A final round
    (``practice=False``) is for platform administrators and locks every list
    of its match year.
    """
    if actor is not None:
        check_may_run(actor, practice=practice)
    year = match_year or current_match_year()
    progress(READING, 0, None)
    lists = match_lists(match_year=year, certified_only=certified_only)
    spec = instance_spec(lists)
    try:
        instance = build_instance(spec)
        progress(MATCHING, 0, None)
        outcome = run_match(instance)
        result = outcome.as_dict()
        problems = verify_result(instance, result)
    except InstanceError as error:
        raise RoundError(f"The match engine refused the instance: {error}") from None
    match_round = audited_create(
        actor=actor,
        instance=MatchRound(
            match_year=year,
            run_by=actor,
            practice=practice,
            certified_only=certified_only,
            stable=outcome.stable,
            stats=outcome.stats,
            problems=problems,
            instance=spec.as_dict(),
            result=result,
        ),
        state=lambda created: {
            "match_year": created.match_year,
            "practice": created.practice,
            "certified_only": created.certified_only,
            "applicants": len(lists.applicants),
            "programs": len(lists.tracks),
            "stable": created.stable,
            "problems": created.problems,
        },
    )
    progress(SAVING, 0, len(lists.applicants))
    _store_outcomes(match_round, lists, outcome)
    return match_round


def _store_outcomes(match_round: MatchRound, lists: MatchLists, outcome: MatchResult) -> None:
    """Each applicant's outcome and each track's fill, by the engine's numbers."""
    tracks = lists.tracks
    filled = [0] * len(tracks)
    outcomes = []
    for number, applicant in enumerate(lists.applicants):
        matched = outcome.program_of[number]
        extra = outcome.supplemental_of[number]
        for track in (matched, extra):
            if track >= 0:
                filled[track] += 1
        outcomes.append(
            MatchOutcome(
                round=match_round,
                applicant_id=applicant.user_pk,
                program_id=tracks[matched].program_pk if matched >= 0 else None,
                track=tracks[matched].kind if matched >= 0 else "",
                supplemental_program_id=tracks[extra].program_pk if extra >= 0 else None,
                in_couple=applicant.in_couple,
            )
        )
    MatchOutcome.objects.bulk_create(outcomes)
    MatchTrackResult.objects.bulk_create(
        MatchTrackResult(
            round=match_round,
            program_id=track.program_pk,
            track=track.kind,
            positions=track.positions,
            filled=filled[number],
            unfilled=outcome.unfilled_of[number],
        )
        for number, track in enumerate(tracks)
    )


# Reading rounds ----------------------------------------------------------------------


def rounds_visible_to(user: User) -> QuerySet[MatchRound]:
    """Every round for administrators and program leaders; applicants the rounds they were in."""
    if not _active(user):
        return MatchRound.objects.none()
    if may_run_rounds(user):
        return MatchRound.objects.select_related("run_by")
    return MatchRound.objects.filter(outcomes__applicant=user).select_related("run_by").distinct()


def get_round(user: User, round_id: int) -> MatchRound:
    """A round the user may see, or Http404."""
    found = rounds_visible_to(user).filter(pk=round_id).first()
    if found is None:
        raise Http404("No such match round.")
    return found


@dataclass
class TrackView:
    result: MatchTrackResult
    matched: list[MatchOutcome] = field(default_factory=list)


@dataclass
class RoundView:
    """What one user may see of a round."""

    round: MatchRound
    scope: str  # "all", "programs" or "own"
    tracks: list[TrackView] = field(default_factory=list)
    unmatched: list[MatchOutcome] = field(default_factory=list)
    own_outcome: MatchOutcome | None = None

    @property
    def totals(self) -> dict[str, int]:
        return {
            "positions": sum(track.result.positions for track in self.tracks),
            "filled": sum(track.result.filled for track in self.tracks),
            "unfilled": sum(track.result.unfilled for track in self.tracks),
        }


def round_view(user: User, match_round: MatchRound) -> RoundView:
    """The round as ``user`` may see it (call with a round from ``get_round``)."""
    own = (
        match_round.outcomes.filter(applicant=user)
        .select_related("program", "supplemental_program")
        .first()
        if _active(user)
        else None
    )
    if _is_admin(user):
        scope, program_ids = "all", None
    elif leads_a_program(user):
        scope = "programs"
        program_ids = set(ranking_programs(user).values_list("pk", flat=True))
    else:
        return RoundView(match_round, "own", own_outcome=own)
    results = match_round.tracks.select_related("program")
    outcomes = match_round.outcomes.select_related("applicant", "program", "supplemental_program")
    if program_ids is not None:
        results = results.filter(program_id__in=program_ids)
    tracks = {(result.program_id, result.track): TrackView(result) for result in results}
    unmatched = []
    for outcome in outcomes:
        if outcome.program_id is None:
            if program_ids is None:
                unmatched.append(outcome)
            continue
        main = tracks.get((outcome.program_id, outcome.track))
        if main is not None:
            main.matched.append(outcome)
        if outcome.supplemental_program_id is not None:
            extra = tracks.get((outcome.supplemental_program_id, "preliminary"))
            if extra is not None:
                extra.matched.append(outcome)
    return RoundView(
        match_round, scope, tracks=list(tracks.values()), unmatched=unmatched, own_outcome=own
    )


def latest_outcome(user: User, match_year: int | None = None) -> MatchOutcome | None:
    """The user's outcome in the latest round that included them (of ``match_year`` if given)."""
    if not _active(user):
        return None
    return latest_outcome_of(user, match_year)


def outcome_as_dict(outcome: MatchOutcome) -> dict[str, Any]:
    return {
        "round": outcome.round_id,
        "match_year": outcome.round.match_year,
        "run_at": outcome.round.run_at,
        "practice": outcome.round.practice,
        "matched": outcome.matched,
        "program": outcome.program.acgme_id if outcome.program else None,
        "program_name": outcome.program.name if outcome.program else None,
        "track": outcome.track or None,
        "supplemental_program": (
            outcome.supplemental_program.acgme_id if outcome.supplemental_program else None
        ),
        "supplemental_program_name": (
            outcome.supplemental_program.name if outcome.supplemental_program else None
        ),
        "in_couple": outcome.in_couple,
    }


class _ArrayLength(Func):
    """The length of a JSON array inside a stored JSON value (0 when it has none)."""

    function = "JSON_ARRAY_LENGTH"  # SQLite's; PostgreSQL's below
    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def round_summaries(found: QuerySet[MatchRound]) -> list[dict[str, Any]]:
    """The rounds' summaries, read as plain values: the engine's input and output (a
    national instance is megabytes) stay in the database, which counts their entries."""
    rows = found.values(
        "id",
        "match_year",
        "run_at",
        "run_by__username",
        "practice",
        "certified_only",
        "stable",
        "problems",
        applicants=Coalesce(_ArrayLength("instance__applicants"), 0),
        programs=Coalesce(_ArrayLength("instance__programs"), 0),
    )
    return [_summary(row) for row in rows]


def _summary(row: Mapping[str, Any]) -> dict[str, Any]:
    summary = dict(row)
    summary["run_by"] = summary.pop("run_by__username")
    summary["problems"] = summary["problems"] or []
    return summary


def round_summary(match_round: MatchRound) -> dict[str, Any]:
    return round_summaries(MatchRound.objects.filter(pk=match_round.pk))[0]
