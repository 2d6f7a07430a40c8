"""Writes for the tracker and the rank order lists: checked, then audited.

Every change to a list records the whole list before and after
(``seldinger.audit.services.audited_change``). A certified list is read-only until it
is uncertified; after the certification deadline, or once a final round of
its match year has run, every list of that year is locked.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.applications import selectors
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
from seldinger.applications.selectors import Track
from seldinger.applications.tracks import TrackError, moved, same_items
from seldinger.audit.services import audited_change, audited_create, audited_delete, audited_update
from seldinger.errors import Conflict, Invalid
from seldinger.programs.models import Program


class ListLocked(Conflict):
    """The list cannot change now (certified, past the deadline, or the match has run)."""


class InvalidChange(Invalid):
    """The change asked for does not make sense (unknown track, duplicate, ...)."""


# The checklist and applications -------------------------------------------------------


@transaction.atomic
def save_profile(*, user: User, **fields: Any) -> ApplicantProfile:
    """Create or update the applicant's checklist with ``fields`` (ApplicantProfile names)."""
    unknown = set(fields) - set(ApplicantProfile.CHECKLIST_FIELDS)
    if unknown:
        raise InvalidChange(f"Unknown checklist fields: {', '.join(sorted(unknown))}.")
    profile = selectors.profile_of(user)
    return audited_update(
        actor=user,
        instance=profile,
        changes=fields,
        check=_check_letters,
        created=profile.pk is None,
    )


def _check_letters(profile: ApplicantProfile) -> None:
    if profile.letters_ir_count > profile.letters_count:
        raise InvalidChange("Letters from IR faculty cannot outnumber all letters.")


@transaction.atomic
def create_application(*, applicant: User, program: Program, **fields: Any) -> Application:
    if Application.objects.filter(applicant=applicant, program=program).exists():
        raise InvalidChange(f"You already track {program.name}.")
    application = Application(applicant=applicant, program=program)
    _set_application_fields(application, fields)
    return audited_create(actor=applicant, instance=application)


@transaction.atomic
def update_application(*, actor: User, application: Application, **fields: Any) -> Application:
    with audited_change(actor=actor, instance=application):
        _set_application_fields(application, fields)
    return application


@transaction.atomic
def delete_application(*, actor: User, application: Application) -> None:
    audited_delete(actor=actor, instance=application)


def _set_application_fields(application: Application, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(Application.RECORD_FIELDS)
    if unknown:
        raise InvalidChange(f"Unknown application fields: {', '.join(sorted(unknown))}.")
    if "status" in fields and fields["status"] not in Application.Status.values:
        raise InvalidChange(
            f"Unknown status {fields['status']!r}; choose one of "
            + ", ".join(Application.Status.values)
        )
    for name, value in fields.items():
        setattr(application, name, "" if name == "notes" and value is None else value)


# Certifying and locking ---------------------------------------------------------------


def _require_editable(container: Certifiable) -> None:
    reason = selectors.lock_reason(container.match_year)
    if reason:
        raise ListLocked(f"This list is locked: {reason}")
    if container.certified:
        raise ListLocked("This list is certified and read-only: uncertify it to change it.")
    if isinstance(container, Couple) and not container.accepted:
        raise ListLocked("The couple is not formed yet: your partner has to accept first.")


@contextmanager
def _list_change(actor: User, container: Any, *, check: bool = True) -> Iterator[None]:
    """Check the list may change, make the change, record the list before and after."""
    if check:
        _require_editable(container)
    with audited_change(actor=actor, instance=container, update_fields=["updated_at"]):
        yield


@transaction.atomic
def certify(*, actor: User, container: Certifiable) -> Certifiable:
    """Certify a list: it goes into the match and becomes read-only."""
    with _list_change(actor, container):
        if not container.entries.exists():  # type: ignore[attr-defined]
            raise InvalidChange("An empty list cannot be certified.")
        container.certified_at = timezone.now()
        container.save(update_fields=["certified_at"])
    return container


@transaction.atomic
def uncertify(*, actor: User, container: Certifiable) -> Certifiable:
    """Take back a certification before the deadline, to change the list again."""
    reason = selectors.lock_reason(container.match_year)
    if reason:
        raise ListLocked(f"This list is locked: {reason}")
    if not container.certified:
        raise InvalidChange("This list is not certified.")
    with _list_change(actor, container, check=False):
        container.certified_at = None
        container.save(update_fields=["certified_at"])
    return container


def set_certified(*, actor: User, container: Certifiable, certified: bool) -> Certifiable:
    """Certify the list, or take its certification back, as ``certified`` says."""
    change = certify if certified else uncertify
    return change(actor=actor, container=container)


# Ordering, shared by every kind of list ----------------------------------------------


def _renumber(model: type[models.Model], items: Sequence[Any]) -> None:
    for rank, item in enumerate(items, start=1):
        item.rank = rank
    model.objects.bulk_update(items, ["rank"])  # type: ignore[attr-defined]


def _next_rank(entries: Any) -> int:
    return int(entries.aggregate(top=Max("rank"))["top"] or 0) + 1


# Each takes the list (``container``, audited) and its ``entries``, in their order.


def _remove(actor: User, container: Any, entries: QuerySet[Any], entry: Any) -> None:
    with _list_change(actor, container):
        entry.delete()
        _renumber(entries.model, list(entries.all()))


def _move(actor: User, container: Any, entries: QuerySet[Any], entry: Any, direction: str) -> None:
    with _list_change(actor, container):
        try:
            _renumber(entries.model, moved(list(entries), entry, direction))
        except ValueError as error:
            raise InvalidChange(str(error)) from None


def _reorder(actor: User, container: Any, entries: QuerySet[Any], ids: Sequence[int | str]) -> None:
    with _list_change(actor, container):
        by_id = {str(item.pk): item for item in entries}
        proposed = [str(value) for value in ids]
        if not same_items(list(by_id), proposed):
            raise InvalidChange(
                "The new order must list every entry of the list exactly once "
                "(reload the page: the list may have changed)."
            )
        _renumber(entries.model, [by_id[value] for value in proposed])


# An applicant's rank order list -------------------------------------------------------


def _applicant_list(applicant: User, match_year: int) -> RankOrderList:
    rank_list, _ = RankOrderList.objects.get_or_create(applicant=applicant, match_year=match_year)
    return rank_list


@transaction.atomic
def add_track(*, applicant: User, match_year: int, track: Track) -> RankOrderEntry:
    rank_list = _applicant_list(applicant, match_year)
    with _list_change(applicant, rank_list):
        if rank_list.entries.filter(program=track.program, track=track.kind).exists():
            raise InvalidChange(f"{track.label} is already on your list.")
        entry = RankOrderEntry.objects.create(
            rank_list=rank_list,
            rank=_next_rank(rank_list.entries),
            program=track.program,
            track=track.kind,
        )
    return entry


@transaction.atomic
def remove_entry(*, actor: User, entry: RankOrderEntry) -> None:
    _remove(actor, entry.rank_list, entry.rank_list.entries.all(), entry)


@transaction.atomic
def move_entry(*, actor: User, entry: RankOrderEntry, direction: str) -> None:
    _move(actor, entry.rank_list, entry.rank_list.entries.all(), entry, direction)


@transaction.atomic
def reorder_entries(*, actor: User, rank_list: RankOrderList, ids: Sequence[int | str]) -> None:
    _reorder(actor, rank_list, rank_list.entries.all(), ids)


@transaction.atomic
def replace_rank_list(
    *,
    applicant: User,
    match_year: int,
    tracks: Sequence[str],
    supplemental: Mapping[str, Sequence[str]] | None = None,
) -> RankOrderList:
    """Set the whole list: track ids in order, and supplemental lists of Advanced tracks."""
    chosen = _tracks(tracks)
    supplemental = supplemental or {}
    for key in supplemental:
        if key not in tracks:
            raise InvalidChange(f"Supplemental list for {key!r}, which is not on the list.")
    supplements = {key: _tracks(values, kind="preliminary") for key, values in supplemental.items()}
    for key, values in supplements.items():
        if values and not key.endswith(":advanced"):
            raise InvalidChange(f"Only Advanced tracks take a supplemental list, not {key!r}.")
    rank_list = _applicant_list(applicant, match_year)
    with _list_change(applicant, rank_list):
        rank_list.entries.all().delete()
        for rank, track in enumerate(chosen, start=1):
            entry = RankOrderEntry.objects.create(
                rank_list=rank_list, rank=rank, program=track.program, track=track.kind
            )
            for sub_rank, preliminary in enumerate(supplements.get(track.id, []), start=1):
                SupplementalEntry.objects.create(
                    entry=entry, rank=sub_rank, program=preliminary.program
                )
    return rank_list


def _tracks(values: Sequence[str], *, kind: str | None = None) -> list[Track]:
    if len(set(values)) != len(values):
        raise InvalidChange("A track appears twice on the list.")
    found = []
    for value in values:
        try:
            track = selectors.find_track(value)
        except TrackError as error:
            raise InvalidChange(str(error)) from None
        if kind is not None and track.kind != kind:
            raise InvalidChange(f"{value!r} is not a {kind} track.")
        found.append(track)
    return found


# Supplemental lists (preliminary tracks for an Advanced entry) -------------------------


@transaction.atomic
def add_supplemental(*, actor: User, entry: RankOrderEntry, track: Track) -> SupplementalEntry:
    rank_list = entry.rank_list
    with _list_change(actor, rank_list):
        if entry.track != "advanced":
            raise InvalidChange("Only Advanced entries take a supplemental list.")
        if track.kind != "preliminary":
            raise InvalidChange("A supplemental list holds preliminary tracks only.")
        if entry.supplemental.filter(program=track.program).exists():
            raise InvalidChange(f"{track.label} is already on this supplemental list.")
        item = SupplementalEntry.objects.create(
            entry=entry, rank=_next_rank(entry.supplemental), program=track.program
        )
    return item


@transaction.atomic
def remove_supplemental(*, actor: User, item: SupplementalEntry) -> None:
    _remove(actor, item.entry.rank_list, item.entry.supplemental.all(), item)


@transaction.atomic
def move_supplemental(*, actor: User, item: SupplementalEntry, direction: str) -> None:
    _move(actor, item.entry.rank_list, item.entry.supplemental.all(), item, direction)


@transaction.atomic
def reorder_supplemental(*, actor: User, entry: RankOrderEntry, ids: Sequence[int | str]) -> None:
    _reorder(actor, entry.rank_list, entry.supplemental.all(), ids)


# Couples -----------------------------------------------------------------------------


@transaction.atomic
def invite_partner(*, inviter: User, partner_username: str) -> Couple:
    """Invite another applicant to match as a couple in the inviter's match year."""
    match_year = selectors.profile_of(inviter).match_year
    partner = User.objects.filter(username=partner_username.strip(), is_active=True).first()
    if partner is None or not selectors.may_apply(partner):
        raise InvalidChange(f"No applicant with the username {partner_username.strip()!r}.")
    if partner.pk == inviter.pk:
        raise InvalidChange("You cannot form a couple with yourself.")
    if selectors.couples_of(inviter, match_year).exists():
        raise InvalidChange("You already have a couple or a pending invitation: withdraw it first.")
    if selectors.couples_of(partner, match_year).filter(status=Couple.Status.ACCEPTED).exists():
        raise InvalidChange(f"{partner.username} is already in a couple for {match_year}.")
    couple = Couple(first=inviter, second=partner, match_year=match_year)
    return audited_create(actor=inviter, instance=couple)


@transaction.atomic
def accept_invitation(*, user: User, couple: Couple) -> Couple:
    if couple.second_id != user.pk or couple.status != Couple.Status.PENDING:
        raise InvalidChange("There is no pending invitation to you to accept.")
    if selectors.profile_of(user).match_year != couple.match_year:
        raise InvalidChange(
            f"The invitation is for the {couple.match_year} match; set your match year "
            "to it on your checklist first."
        )
    others = selectors.couples_of(user, couple.match_year).exclude(pk=couple.pk)
    if others.filter(status=Couple.Status.ACCEPTED).exists():
        raise InvalidChange("You are already in a couple.")
    audited_update(
        actor=user,
        instance=couple,
        changes={"status": Couple.Status.ACCEPTED, "accepted_at": timezone.now()},
        update_fields=["status", "accepted_at", "updated_at"],
    )
    # Other invitations sent by either partner lapse.
    for other in others.filter(first=user):
        _delete_couple(actor=user, couple=other)
    return couple


@transaction.atomic
def leave_couple(*, user: User, couple: Couple) -> None:
    """Decline an invitation, withdraw one, or dissolve a couple (before the lock)."""
    if user.pk not in (couple.first_id, couple.second_id):
        raise InvalidChange("You are not part of this couple.")
    if couple.accepted:
        reason = selectors.lock_reason(couple.match_year)
        if reason:
            raise ListLocked(f"The couple's list is locked: {reason}")
    _delete_couple(actor=user, couple=couple)


def _delete_couple(*, actor: User, couple: Couple) -> None:
    audited_delete(actor=actor, instance=couple)


@transaction.atomic
def add_pair(
    *, actor: User, couple: Couple, first: Track | None, second: Track | None
) -> CoupleRankEntry:
    """Add a pair at the end: a track for each partner, or None for "no match"."""
    if first is None and second is None:
        raise InvalidChange('A pair needs at least one program: "no match" for both says nothing.')
    with _list_change(actor, couple):
        pair = [first.id if first else None, second.id if second else None]
        if any(entry.pair == pair for entry in selectors.couple_entries(couple)):
            raise InvalidChange("This pair is already on the list.")
        entry = CoupleRankEntry.objects.create(
            couple=couple,
            rank=_next_rank(couple.entries),
            first_program=first.program if first else None,
            first_track=first.kind if first else "",
            second_program=second.program if second else None,
            second_track=second.kind if second else "",
        )
    return entry


@transaction.atomic
def remove_pair(*, actor: User, entry: CoupleRankEntry) -> None:
    _remove(actor, entry.couple, entry.couple.entries.all(), entry)


@transaction.atomic
def move_pair(*, actor: User, entry: CoupleRankEntry, direction: str) -> None:
    _move(actor, entry.couple, entry.couple.entries.all(), entry, direction)


@transaction.atomic
def reorder_pairs(*, actor: User, couple: Couple, ids: Sequence[int | str]) -> None:
    _reorder(actor, couple, couple.entries.all(), ids)


@transaction.atomic
def replace_pairs(*, actor: User, couple: Couple, pairs: Sequence[Sequence[str | None]]) -> None:
    """Set the couple's whole list: ``[[first track or None, second track or None], ...]``."""
    resolved = []
    for pair in pairs:
        if len(pair) != 2:
            raise InvalidChange("Each pair has exactly two places (a track id or null).")
        if pair[0] is None and pair[1] is None:
            raise InvalidChange('A pair needs at least one program: "no match" for both.')
        resolved.append([_tracks([value])[0] if value else None for value in pair])
    keys = [tuple(value for value in pair) for pair in pairs]
    if len(set(keys)) != len(keys):
        raise InvalidChange("A pair appears twice on the list.")
    with _list_change(actor, couple):
        couple.entries.all().delete()
        for rank, (first, second) in enumerate(resolved, start=1):
            CoupleRankEntry.objects.create(
                couple=couple,
                rank=rank,
                first_program=first.program if first else None,
                first_track=first.kind if first else "",
                second_program=second.program if second else None,
                second_track=second.kind if second else "",
            )


# A program's rank order list ----------------------------------------------------------


def _program_list(track: Track, match_year: int) -> ProgramRankOrderList:
    rank_list, _ = ProgramRankOrderList.objects.get_or_create(
        program=track.program, track=track.kind, match_year=match_year
    )
    return rank_list


def _check_candidates(track: Track, applicants: Sequence[User]) -> None:
    allowed = set(selectors.candidates_for(track.program).values_list("pk", flat=True))
    for applicant in applicants:
        if applicant.pk not in allowed:
            raise InvalidChange(
                f"{applicant.username} has not applied to {track.program.name}: "
                "only applicants may be ranked."
            )


@transaction.atomic
def add_applicant(
    *, actor: User, track: Track, match_year: int, applicant: User
) -> ProgramRankEntry:
    _check_candidates(track, [applicant])
    rank_list = _program_list(track, match_year)
    with _list_change(actor, rank_list):
        if rank_list.entries.filter(applicant=applicant).exists():
            raise InvalidChange(f"{applicant.username} is already on this list.")
        try:
            entry = ProgramRankEntry.objects.create(
                rank_list=rank_list, rank=_next_rank(rank_list.entries), applicant=applicant
            )
        except IntegrityError:  # pragma: no cover - a concurrent add
            raise InvalidChange(f"{applicant.username} is already on this list.") from None
    return entry


@transaction.atomic
def remove_applicant(*, actor: User, entry: ProgramRankEntry) -> None:
    _remove(actor, entry.rank_list, entry.rank_list.entries.all(), entry)


@transaction.atomic
def move_applicant(*, actor: User, entry: ProgramRankEntry, direction: str) -> None:
    _move(actor, entry.rank_list, entry.rank_list.entries.all(), entry, direction)


@transaction.atomic
def reorder_applicants(
    *, actor: User, rank_list: ProgramRankOrderList, ids: Sequence[int | str]
) -> None:
    _reorder(actor, rank_list, rank_list.entries.all(), ids)


@transaction.atomic
def replace_program_list(
    *, actor: User, track: Track, match_year: int, usernames: Sequence[str]
) -> ProgramRankOrderList:
    if len(set(usernames)) != len(usernames):
        raise InvalidChange("An applicant appears twice on the list.")
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    missing = [name for name in usernames if name not in users]
    if missing:
        raise InvalidChange(f"No applicant with the username {missing[0]!r}.")
    applicants = [users[name] for name in usernames]
    _check_candidates(track, applicants)
    rank_list = _program_list(track, match_year)
    with _list_change(actor, rank_list):
        rank_list.entries.all().delete()
        ProgramRankEntry.objects.bulk_create(
            ProgramRankEntry(rank_list=rank_list, rank=rank, applicant=applicant)
            for rank, applicant in enumerate(applicants, start=1)
        )
    return rank_list
