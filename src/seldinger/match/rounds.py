"""Practice match rounds: the platform's rank order lists through the match engine.

``build_instance`` turns the lists of a match year into the engine's instance
(one engine program per Program and position type with positions, named
``"<ACGME ID>:<kind>"``; applicants by username; couples with their paired
lists, their members in the applicants with empty lists). ``run_round`` runs
the engine, verifies the result, and stores the round, each applicant's
outcome and each track's fill. Plain functions: the web, the API, and later a
task queue call them.

Who sees what: platform administrators every round in full; a program's
director or coordinator every round, but only their programs' tracks and
matches; an applicant only their own outcome, in the rounds that included them.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from seldinger.accounts.models import User
from seldinger.accounts.selectors import is_active_user as _active
from seldinger.accounts.selectors import is_platform_admin as _is_admin
from seldinger.applications import selectors as applications
from seldinger.applications.models import (
    Couple,
    ProgramRankOrderList,
    RankOrderList,
)
from seldinger.applications.tracks import parse_track_id
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import record
from seldinger.match.instance import InstanceError
from seldinger.match.models import MatchOutcome, MatchRound, MatchTrackResult
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match
from seldinger.match.verify import verify_result
from seldinger.programs.models import Program


class RoundError(ValueError):
    """The round cannot run: not allowed, or the engine refused the instance."""


class RoundNotAllowed(RoundError):
    """The user may not run this round."""


def may_run_rounds(user: Any) -> bool:
    """Platform administrators and programs' directors and coordinators run practice rounds."""
    return _is_admin(user) or applications.leads_a_program(user)


# Building the instance --------------------------------------------------------------


def build_instance(*, match_year: int, certified_only: bool = True) -> dict[str, Any]:
    """The engine's instance for ``match_year``'s lists (only certified ones if asked)."""
    tracks = applications.available_tracks()
    kinds = {track.id: track.kind for track in tracks}

    def certified(queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(certified_at__isnull=False) if certified_only else queryset

    couples = list(
        certified(Couple.objects.filter(match_year=match_year, status=Couple.Status.ACCEPTED))
        .select_related("first", "second")
        .prefetch_related("entries__first_program", "entries__second_program")
        .order_by("pk")
    )
    coupled = {user.pk for couple in couples for user in (couple.first, couple.second)}

    applicants: list[dict[str, Any]] = []
    lists = (
        certified(RankOrderList.objects.filter(match_year=match_year))
        .exclude(applicant_id__in=coupled)
        .select_related("applicant")
        .prefetch_related("entries__program", "entries__supplemental__program")
        .order_by("applicant__username")
    )
    for rank_list in lists:
        ranked = [entry for entry in rank_list.entries.all() if entry.track_id in kinds]
        supplemental = {
            entry.track_id: [
                item.track_id for item in entry.supplemental.all() if item.track_id in kinds
            ]
            for entry in ranked
            if entry.track == "advanced"
        }
        applicants.append(
            {
                "id": rank_list.applicant.username,
                "rank_list": [entry.track_id for entry in ranked],
                "supplemental": {key: value for key, value in supplemental.items() if value},
            }
        )

    # A couple member's supplemental lists come from their own list, for the Advanced
    # tracks the couple ranks for them.
    own_supplemental = {
        rank_list.applicant_id: {
            entry.track_id: [
                item.track_id for item in entry.supplemental.all() if item.track_id in kinds
            ]
            for entry in rank_list.entries.all()
            if entry.track == "advanced"
        }
        for rank_list in RankOrderList.objects.filter(
            match_year=match_year, applicant_id__in=coupled
        ).prefetch_related("entries__program", "entries__supplemental__program")
    }
    couple_specs: list[dict[str, Any]] = []
    for couple in couples:
        members = [couple.first, couple.second]
        pairs = [
            entry.pair
            for entry in couple.entries.all()
            if all(value is None or value in kinds for value in entry.pair)
        ]
        couple_specs.append({"members": [user.username for user in members], "rank_list": pairs})
        for slot, member in enumerate(members):
            reachable = {pair[slot] for pair in pairs}
            supplemental = {
                key: value
                for key, value in own_supplemental.get(member.pk, {}).items()
                if key in reachable and value
            }
            applicants.append(
                {"id": member.username, "rank_list": [], "supplemental": supplemental}
            )

    participants = {applicant["id"] for applicant in applicants}
    program_lists: dict[str, list[str]] = {}
    for rank_list in certified(
        ProgramRankOrderList.objects.filter(match_year=match_year)
    ).select_related("program"):
        program_lists[rank_list.track_id] = [
            entry.applicant.username
            for entry in rank_list.entries.select_related("applicant")
            if entry.applicant.username in participants
        ]
    programs = [
        {
            "id": track.id,
            "positions": track.positions,
            "kind": track.kind,
            "rank_list": program_lists.get(track.id, []),
        }
        for track in tracks
    ]
    return {"programs": programs, "applicants": applicants, "couples": couple_specs}


# Running a round --------------------------------------------------------------------


@transaction.atomic
def run_round(
    *,
    actor: User | None,
    match_year: int | None = None,
    certified_only: bool = True,
    practice: bool = True,
) -> MatchRound:
    """Run the engine on the lists of ``match_year`` and store the round.

    ``actor`` None is the command line (no permission check). A final round
    (``practice=False``) is for platform administrators and locks every list
    of its match year.
    """
    if actor is not None:
        if not may_run_rounds(actor):
            raise RoundNotAllowed("Only administrators and program directors run match rounds.")
        if not practice and not _is_admin(actor):
            raise RoundNotAllowed("Only administrators run a final round.")
    year = match_year or applications.current_match_year()
    data = build_instance(match_year=year, certified_only=certified_only)
    try:
        instance = parse_instance(data)
        result = run_match(instance).as_dict()
        problems = list(verify_result(instance, result))
    except InstanceError as error:
        raise RoundError(f"The match engine refused the instance: {error}") from None
    match_round = MatchRound.objects.create(
        match_year=year,
        run_by=actor,
        practice=practice,
        certified_only=certified_only,
        stable=bool(result.get("stable")),
        stats=result.get("stats") or {},
        problems=problems,
        instance=data,
        result=result,
    )
    _store_outcomes(match_round, data, result)
    record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=match_round,
        after={
            "match_year": year,
            "practice": practice,
            "certified_only": certified_only,
            "applicants": len(data["applicants"]),
            "programs": len(data["programs"]),
            "stable": match_round.stable,
            "problems": problems,
        },
    )
    return match_round


def _store_outcomes(match_round: MatchRound, data: dict[str, Any], result: dict[str, Any]) -> None:
    acgme_ids = {parse_track_id(spec["id"])[0] for spec in data["programs"]}
    programs = {
        program.acgme_id: program for program in Program.objects.filter(acgme_id__in=acgme_ids)
    }
    usernames = [spec["id"] for spec in data["applicants"]]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    coupled = {member for couple in data["couples"] for member in couple["members"]}
    matches: dict[str, str | None] = result.get("matches") or {}
    supplemental: dict[str, str | None] = result.get("supplemental_matches") or {}
    unfilled: dict[str, int] = result.get("unfilled") or {}

    def program_of(track: str | None) -> tuple[Program | None, str]:
        if not track:
            return None, ""
        acgme_id, kind = parse_track_id(track)
        return programs.get(acgme_id), kind

    filled: dict[str, int] = {}
    outcomes = []
    for username in usernames:
        if username not in users:
            continue
        matched = matches.get(username)
        extra = supplemental.get(username)
        for track in (matched, extra):
            if track:
                filled[track] = filled.get(track, 0) + 1
        program, kind = program_of(matched)
        supplemental_program, _ = program_of(extra)
        outcomes.append(
            MatchOutcome(
                round=match_round,
                applicant=users[username],
                program=program,
                track=kind,
                supplemental_program=supplemental_program,
                in_couple=username in coupled,
            )
        )
    MatchOutcome.objects.bulk_create(outcomes)
    track_results = []
    for spec in data["programs"]:
        program, kind = program_of(spec["id"])
        if program is None:
            continue
        count = filled.get(spec["id"], 0)
        track_results.append(
            MatchTrackResult(
                round=match_round,
                program=program,
                track=kind,
                positions=spec["positions"],
                filled=count,
                unfilled=int(unfilled.get(spec["id"], max(spec["positions"] - count, 0))),
            )
        )
    MatchTrackResult.objects.bulk_create(track_results)


# Reading rounds ----------------------------------------------------------------------


def rounds_visible_to(user: Any) -> QuerySet[MatchRound]:
    """Every round for administrators and program leaders; applicants the rounds they were in."""
    if not _active(user):
        return MatchRound.objects.none()
    if may_run_rounds(user):
        return MatchRound.objects.select_related("run_by")
    return MatchRound.objects.filter(outcomes__applicant=user).select_related("run_by").distinct()


def get_round(user: Any, round_id: int) -> MatchRound:
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


def round_view(user: Any, match_round: MatchRound) -> RoundView:
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
    elif applications.leads_a_program(user):
        scope = "programs"
        program_ids = set(applications.ranking_programs(user).values_list("pk", flat=True))
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


def latest_outcome(user: Any, match_year: int | None = None) -> MatchOutcome | None:
    """The user's outcome in the latest round that included them (of ``match_year`` if given)."""
    if not _active(user):
        return None
    outcomes = MatchOutcome.objects.filter(applicant=user).select_related(
        "round", "program", "supplemental_program"
    )
    if match_year is not None:
        outcomes = outcomes.filter(round__match_year=match_year)
    return outcomes.order_by("-round__run_at", "-round_id").first()


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


def round_summary(match_round: MatchRound) -> dict[str, Any]:
    return {
        "id": match_round.pk,
        "match_year": match_round.match_year,
        "run_at": match_round.run_at,
        "run_by": match_round.run_by.username if match_round.run_by else None,
        "practice": match_round.practice,
        "certified_only": match_round.certified_only,
        "stable": match_round.stable,
        "problems": list(match_round.problems or []),
        "applicants": len((match_round.instance or {}).get("applicants", [])),
        "programs": len((match_round.instance or {}).get("programs", [])),
    }
