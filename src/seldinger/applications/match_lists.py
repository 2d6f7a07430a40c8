"""The rank order lists of a match year, typed, as the match reads them.

The door between applications and the match. The match depends on applications:
it runs on the lists this app holds and reads them, and everything else it needs
of applications (the match year, who leads a program, the track vocabulary),
here and nowhere else. Applications imports nothing of the match; what it
learns back (a final match run, an applicant's outcome) the match connects in
``applications.match_port``. The import contracts in .importlinter hold both.

Each track (one program's positions of one position type) and each applicant
comes with its database key, so the match maps its results straight back to rows.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from seldinger.applications.models import (
    TRACK_CHOICES,
    Couple,
    ProgramRankOrderList,
    RankOrderList,
)
from seldinger.applications.season import match_year_in, require_match_year
from seldinger.applications.selectors import (
    available_tracks,
    current_match_year,
    leads_a_program,
    ranking_programs,
)
from seldinger.applications.tracks import track_id

__all__ = [
    "TRACK_CHOICES",
    "MatchLists",
    "RankedCouple",
    "RankingApplicant",
    "TrackList",
    "current_match_year",
    "leads_a_program",
    "match_lists",
    "match_year_in",
    "ranking_programs",
    "require_match_year",
    "track_id",
]


@dataclass(frozen=True)
class TrackList:
    """One program track in the match and its list of applicants (usernames, best first)."""

    id: str
    program_pk: int
    kind: str
    positions: int
    ranked: tuple[str, ...]


@dataclass(frozen=True)
class RankingApplicant:
    """An applicant in the match: their tracks, best first, and their supplemental lists
    (Advanced track -> Preliminary tracks). A couple's members rank no tracks of their own."""

    user_pk: int
    username: str
    ranked: tuple[str, ...]
    supplemental: Mapping[str, tuple[str, ...]]
    in_couple: bool


@dataclass(frozen=True)
class RankedCouple:
    """A formed couple: its members' usernames and its pairs of tracks (None: no match)."""

    members: tuple[str, str]
    pairs: tuple[tuple[str | None, str | None], ...]


@dataclass(frozen=True)
class MatchLists:
    tracks: tuple[TrackList, ...]
    #: Single applicants by username, then each couple's two members.
    applicants: tuple[RankingApplicant, ...]
    couples: tuple[RankedCouple, ...]


def match_lists(*, match_year: int, certified_only: bool = True) -> MatchLists:
    """The lists of ``match_year`` (only certified ones if asked), naming only tracks in
    the match and, on programs' lists, only applicants who take part."""
    tracks = available_tracks()
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

    applicants: list[RankingApplicant] = []
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
            entry.track_id: tuple(
                item.track_id for item in entry.supplemental.all() if item.track_id in kinds
            )
            for entry in ranked
            if entry.track == "advanced"
        }
        applicants.append(
            RankingApplicant(
                user_pk=rank_list.applicant.pk,
                username=rank_list.applicant.username,
                ranked=tuple(entry.track_id for entry in ranked),
                supplemental={key: value for key, value in supplemental.items() if value},
                in_couple=False,
            )
        )

    # A couple member's supplemental lists come from their own list, for the Advanced
    # tracks the couple ranks for them.
    own_supplemental = {
        rank_list.applicant_id: {
            entry.track_id: tuple(
                item.track_id for item in entry.supplemental.all() if item.track_id in kinds
            )
            for entry in rank_list.entries.all()
            if entry.track == "advanced"
        }
        for rank_list in RankOrderList.objects.filter(
            match_year=match_year, applicant_id__in=coupled
        ).prefetch_related("entries__program", "entries__supplemental__program")
    }
    ranked_couples: list[RankedCouple] = []
    for couple in couples:
        members = [couple.first, couple.second]
        pairs = [
            (entry.first_track_id, entry.second_track_id)
            for entry in couple.entries.all()
            if all(value is None or value in kinds for value in entry.pair)
        ]
        ranked_couples.append(
            RankedCouple((couple.first.username, couple.second.username), tuple(pairs))
        )
        for slot, member in enumerate(members):
            reachable = {pair[slot] for pair in pairs}
            applicants.append(
                RankingApplicant(
                    user_pk=member.pk,
                    username=member.username,
                    ranked=(),
                    supplemental={
                        key: value
                        for key, value in own_supplemental.get(member.pk, {}).items()
                        if key in reachable and value
                    },
                    in_couple=True,
                )
            )

    participants = {applicant.username for applicant in applicants}
    program_lists: dict[str, tuple[str, ...]] = {}
    for rank_list in certified(
        ProgramRankOrderList.objects.filter(match_year=match_year)
    ).select_related("program"):
        program_lists[rank_list.track_id] = tuple(
            entry.applicant.username
            for entry in rank_list.entries.select_related("applicant")
            if entry.applicant.username in participants
        )
    return MatchLists(
        tracks=tuple(
            TrackList(
                id=track.id,
                program_pk=track.program.pk,
                kind=track.kind,
                positions=track.positions,
                ranked=program_lists.get(track.id, ()),
            )
            for track in tracks
        ),
        applicants=tuple(applicants),
        couples=tuple(ranked_couples),
    )
