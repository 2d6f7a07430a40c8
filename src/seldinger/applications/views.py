"""The tracker and rank order list pages. Thin: selectors decide who sees what, services
change (and audit) everything.

Every list is reordered the same three ways: Up/Down buttons (plain forms, so they
work without JavaScript), or, with the page script, by dragging or with Alt+Up /
Alt+Down, which post the whole new order to the list's ``order`` address.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from seldinger.accounts.models import User
from seldinger.applications import selectors, services
from seldinger.applications.forms import (
    AddApplicantForm,
    AddPairForm,
    AddTrackForm,
    ApplicationForm,
    InviteForm,
    MoveForm,
    ProfileForm,
)
from seldinger.applications.models import Application, Couple
from seldinger.applications.selectors import Track
from seldinger.applications.services import InvalidChange, ListLocked

NOT_AN_APPLICANT = "Only students and residents who apply keep a tracker and a rank order list."


def _require_applicant(request: HttpRequest) -> Any:
    if not selectors.may_apply(request.user):
        raise PermissionDenied(NOT_AN_APPLICANT)
    return request.user


def _form_errors(form: Any) -> str:
    return "; ".join(" ".join(str(error) for error in errors) for errors in form.errors.values())


def _act(request: HttpRequest, change: Callable[[], object], *, done: str, to: str) -> HttpResponse:
    """Run a change; say what happened (or why not) and go back to the list."""
    try:
        change()
    except (ListLocked, InvalidChange) as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    return redirect(to)


def _move(request: HttpRequest, move: Callable[[str], object], *, to: str) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose up, down, top or bottom.")
        return redirect(to)
    return _act(request, lambda: move(form.cleaned_data["direction"]), done="", to=to)


def _reorder(request: HttpRequest, reorder: Callable[[list[str]], object]) -> JsonResponse:
    """The page script's reorder: the whole new order as ``order`` values, answered in JSON."""
    order = request.POST.getlist("order")
    if not order or not all(value.isdigit() for value in order):
        return JsonResponse({"detail": "Send the entry ids in their new order."}, status=400)
    try:
        reorder(order)
    except ListLocked as error:
        return JsonResponse({"detail": str(error)}, status=409)
    except InvalidChange as error:
        return JsonResponse({"detail": str(error)}, status=400)
    return JsonResponse({"order": [int(value) for value in order]})


# The tracker ---------------------------------------------------------------------------


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    profile = selectors.profile_of(applicant)
    season = selectors.season(profile.match_year)
    applications = selectors.applications_of(applicant)
    return render(
        request,
        "applications/tracker.html",
        {
            "profile": profile,
            "season": season,
            "applications": applications,
            "status_counts": _status_counts(applications),
            "signals_used": selectors.signals_used(applicant),
            "add_form": ApplicationForm(applicant=applicant),
        },
    )


def _status_counts(applications: Any) -> list[tuple[str, int]]:
    counts = {value: 0 for value in Application.Status.values}
    for application in applications:
        counts[application.status] += 1
    return [(label, counts[value]) for value, label in Application.Status.choices]


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    form = ApplicationForm(request.POST or None, applicant=applicant)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                applicant=applicant,
                program=form.cleaned_data["program"],
                **form.application_fields(),
            )
        except InvalidChange as error:
            form.add_error("program", str(error))
        else:
            messages.success(request, f"Now tracking {application.program.name}.")
            return redirect("applications:tracker")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "applications/application_form.html", {"form": form}, status=status)


@login_required
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.get_application(request.user, application_id)
    form = ApplicationForm(request.POST or None, instance=application, applicant=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_application(
            actor=request.user,  # type: ignore[arg-type]
            application=selectors.get_application(request.user, application_id),
            **form.application_fields(),
        )
        messages.success(request, f"Saved {application.program.name}.")
        return redirect("applications:tracker")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "applications/application_form.html",
        {"form": form, "application": application},
        status=status,
    )


@login_required
def application_delete(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.get_application(request.user, application_id)
    if request.method == "POST":
        services.delete_application(actor=request.user, application=application)  # type: ignore[arg-type]
        messages.success(request, f"Stopped tracking {application.program.name}.")
        return redirect("applications:tracker")
    return render(
        request, "applications/application_confirm_delete.html", {"application": application}
    )


@login_required
def checklist(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    profile = selectors.profile_of(applicant)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.save_profile(user=applicant, **fields)
        messages.success(request, "Checklist saved.")
        return redirect("applications:tracker")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "applications/checklist_form.html",
        {"form": form, "signals_used": selectors.signals_used(applicant)},
        status=status,
    )


# An applicant's rank order list -------------------------------------------------------

RANK_LIST = "applications:rank_list"


@login_required
def rank_list(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    rank_order_list = selectors.rank_list_of(applicant, match_year)
    entries = selectors.rank_entries(rank_order_list)
    listed = {entry.track_id for entry in entries}
    tracks = [track for track in selectors.available_tracks() if track.id not in listed]
    preliminary = selectors.available_tracks("preliminary")
    current_couple = selectors.couple_of(applicant, match_year)
    for entry in entries:
        taken = {item.program_id for item in entry.supplemental.all()}
        entry.supplemental_form = AddTrackForm(
            tracks=[track for track in preliminary if track.program.pk not in taken],
            prefix=f"sup{entry.pk}",
        )
    return render(
        request,
        "applications/rank_list.html",
        {
            "match_year": match_year,
            "rank_list": rank_order_list,
            "entries": entries,
            "state": selectors.list_state(rank_order_list, match_year),
            "add_form": AddTrackForm(tracks=tracks) if tracks else None,
            "has_preliminary": bool(preliminary),
            "couple": current_couple,
            "partner": current_couple.partner_of(applicant) if current_couple else None,
            "outcome": _latest_outcome(applicant, match_year),
        },
    )


def _latest_outcome(applicant: User, match_year: int) -> Any:
    from seldinger.match.rounds import latest_outcome

    return latest_outcome(applicant, match_year)


@login_required
@require_POST
def rank_list_add(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    form = AddTrackForm(request.POST, tracks=selectors.available_tracks())
    if not form.is_valid():
        messages.error(request, f"Not added: {_form_errors(form)}")
        return redirect(RANK_LIST)
    track: Track = form.cleaned_data["track"]
    match_year = selectors.profile_of(applicant).match_year
    return _act(
        request,
        lambda: services.add_track(applicant=applicant, match_year=match_year, track=track),
        done=f"Added {track.label}.",
        to=reverse(RANK_LIST),
    )


@login_required
@require_POST
def rank_list_order(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    rank_order_list = selectors.rank_list_of(applicant, match_year)
    if rank_order_list is None:
        return JsonResponse({"detail": "Your list is empty."}, status=400)
    return _reorder(
        request,
        lambda order: services.reorder_entries(
            actor=applicant, rank_list=rank_order_list, ids=order
        ),
    )


@login_required
@require_POST
def rank_list_move(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    return _move(
        request,
        lambda direction: services.move_entry(actor=request.user, entry=entry, direction=direction),  # type: ignore[arg-type]
        to=f"{reverse(RANK_LIST)}#entry-{entry.pk}",
    )


@login_required
@require_POST
def rank_list_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    label = f"{entry.program.name} · {entry.track.capitalize()}"
    return _act(
        request,
        lambda: services.remove_entry(actor=request.user, entry=entry),  # type: ignore[arg-type]
        done=f"Removed {label}.",
        to=reverse(RANK_LIST),
    )


@login_required
@require_POST
def supplemental_add(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    form = AddTrackForm(
        request.POST, tracks=selectors.available_tracks("preliminary"), prefix=f"sup{entry.pk}"
    )
    if not form.is_valid():
        messages.error(request, f"Not added: {_form_errors(form)}")
        return redirect(RANK_LIST)
    track: Track = form.cleaned_data["track"]
    return _act(
        request,
        lambda: services.add_supplemental(actor=request.user, entry=entry, track=track),  # type: ignore[arg-type]
        done=f"Added {track.label} to the supplemental list.",
        to=f"{reverse(RANK_LIST)}#entry-{entry.pk}",
    )


@login_required
@require_POST
def supplemental_order(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    return _reorder(
        request,
        lambda order: services.reorder_supplemental(actor=request.user, entry=entry, ids=order),  # type: ignore[arg-type]
    )


@login_required
@require_POST
def supplemental_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_supplemental_item(request.user, item_id)
    return _move(
        request,
        lambda direction: services.move_supplemental(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            direction=direction,
        ),
        to=f"{reverse(RANK_LIST)}#entry-{item.entry_id}",
    )


@login_required
@require_POST
def supplemental_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_supplemental_item(request.user, item_id)
    return _act(
        request,
        lambda: services.remove_supplemental(actor=request.user, item=item),  # type: ignore[arg-type]
        done=f"Removed {item.program.name} from the supplemental list.",
        to=f"{reverse(RANK_LIST)}#entry-{item.entry_id}",
    )


def _certify_view(request: HttpRequest, container: Any, *, certify: bool, to: str) -> HttpResponse:
    if container is None:
        messages.error(request, "There is no list to certify yet.")
        return redirect(to)
    if certify:
        return _act(
            request,
            lambda: services.certify(actor=request.user, container=container),  # type: ignore[arg-type]
            done="List certified: it is read-only now and goes into the match.",
            to=to,
        )
    return _act(
        request,
        lambda: services.uncertify(actor=request.user, container=container),  # type: ignore[arg-type]
        done="Certification withdrawn: you can change the list again.",
        to=to,
    )


@login_required
@require_POST
def rank_list_certify(request: HttpRequest, certify: bool = True) -> HttpResponse:
    applicant = _require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    return _certify_view(
        request,
        selectors.rank_list_of(applicant, match_year),
        certify=certify,
        to=reverse(RANK_LIST),
    )


# Couples -----------------------------------------------------------------------------

COUPLE = "applications:couple"


@login_required
def couple(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    current = selectors.couple_of(applicant, match_year)
    context: dict[str, Any] = {
        "match_year": match_year,
        "couple": current,
        "invitations": selectors.invitations_to(applicant, match_year).select_related("first"),
        "invite_form": InviteForm() if current is None else None,
    }
    if current is not None:
        context.update(
            entries=selectors.couple_entries(current),
            state=selectors.list_state(current, match_year),
            partner=current.partner_of(applicant),
            add_form=AddPairForm(
                tracks=selectors.available_tracks(),
                labels=(
                    f"{current.first.username}'s program",
                    f"{current.second.username}'s program",
                ),
            ),
        )
    return render(request, "applications/couple.html", context)


@login_required
@require_POST
def couple_invite(request: HttpRequest) -> HttpResponse:
    applicant = _require_applicant(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Not sent: {_form_errors(form)}")
        return redirect(COUPLE)
    return _act(
        request,
        lambda: services.invite_partner(
            inviter=applicant, partner_username=form.cleaned_data["username"]
        ),
        done=f"Invitation sent to {form.cleaned_data['username']}.",
        to=reverse(COUPLE),
    )


@login_required
@require_POST
def couple_accept(request: HttpRequest, couple_id: int) -> HttpResponse:
    pending = selectors.get_couple(request.user, couple_id)
    return _act(
        request,
        lambda: services.accept_invitation(user=request.user, couple=pending),  # type: ignore[arg-type]
        done=f"You and {pending.first.username} are a couple for the {pending.match_year} match.",
        to=reverse(COUPLE),
    )


@login_required
@require_POST
def couple_leave(request: HttpRequest, couple_id: int) -> HttpResponse:
    current = selectors.get_couple(request.user, couple_id)
    done = (
        "Couple dissolved."
        if current.status == Couple.Status.ACCEPTED
        else "Invitation withdrawn."
        if current.first_id == request.user.pk
        else "Invitation declined."
    )
    return _act(
        request,
        lambda: services.leave_couple(user=request.user, couple=current),  # type: ignore[arg-type]
        done=done,
        to=reverse(COUPLE),
    )


def _my_couple(request: HttpRequest) -> Couple:
    applicant = _require_applicant(request)
    current = selectors.couple_of(applicant, selectors.profile_of(applicant).match_year)
    if current is None:
        raise PermissionDenied("You are not in a couple.")
    return current


@login_required
@require_POST
def pair_add(request: HttpRequest) -> HttpResponse:
    current = _my_couple(request)
    form = AddPairForm(request.POST, tracks=selectors.available_tracks(), labels=("", ""))
    if not form.is_valid():
        messages.error(request, f"Not added: {_form_errors(form)}")
        return redirect(COUPLE)
    return _act(
        request,
        lambda: services.add_pair(
            actor=request.user,  # type: ignore[arg-type]
            couple=current,
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
        ),
        done="Pair added.",
        to=reverse(COUPLE),
    )


@login_required
@require_POST
def pair_order(request: HttpRequest) -> HttpResponse:
    current = _my_couple(request)
    return _reorder(
        request,
        lambda order: services.reorder_pairs(actor=request.user, couple=current, ids=order),  # type: ignore[arg-type]
    )


@login_required
@require_POST
def pair_move(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_pair(request.user, entry_id)
    return _move(
        request,
        lambda direction: services.move_pair(actor=request.user, entry=entry, direction=direction),  # type: ignore[arg-type]
        to=f"{reverse(COUPLE)}#pair-{entry.pk}",
    )


@login_required
@require_POST
def pair_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_pair(request.user, entry_id)
    return _act(
        request,
        lambda: services.remove_pair(actor=request.user, entry=entry),  # type: ignore[arg-type]
        done="Pair removed.",
        to=reverse(COUPLE),
    )


@login_required
@require_POST
def couple_certify(request: HttpRequest, certify: bool = True) -> HttpResponse:
    return _certify_view(request, _my_couple(request), certify=certify, to=reverse(COUPLE))


# Programs' rank order lists -----------------------------------------------------------


def _match_year(request: HttpRequest) -> int:
    value = request.POST.get("match_year") or request.GET.get("year") or ""
    return (
        int(value)
        if value.isdigit() and 2012 <= int(value) <= 2100
        else selectors.current_match_year()
    )


def _program_list_url(track: Track, match_year: int) -> str:
    url = reverse("applications:program_rank_list", args=[track.program.acgme_id, track.kind])
    return f"{url}?year={match_year}"


@login_required
def program_lists(request: HttpRequest) -> HttpResponse:
    programs = selectors.ranking_programs(request.user)
    if not programs.exists():
        raise PermissionDenied("Only a program's director or coordinator keeps its rank lists.")
    match_year = _match_year(request)
    rows = []
    for program in programs:
        for track in selectors.program_tracks(program):
            found = selectors.program_rank_list(track, match_year)
            rows.append(
                {
                    "track": track,
                    "count": found.entries.count() if found else 0,
                    "state": selectors.list_state(found, match_year),
                    "url": _program_list_url(track, match_year),
                }
            )
    return render(
        request,
        "applications/program_lists.html",
        {"programs": programs, "rows": rows, "match_year": match_year},
    )


@login_required
def program_rank_list(request: HttpRequest, acgme_id: str, track: str) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    match_year = _match_year(request)
    found = selectors.program_rank_list(found_track, match_year)
    entries = selectors.program_rank_entries(found)
    ranked = {entry.applicant_id for entry in entries}
    candidates = list(selectors.candidates_for(found_track.program))
    applications = selectors.candidate_applications(found_track.program)
    for entry in entries:
        entry.application = applications.get(entry.applicant_id)
    unranked = [user for user in candidates if user.pk not in ranked]
    not_ranked = [{"user": user, "application": applications.get(user.pk)} for user in unranked]
    return render(
        request,
        "applications/program_rank_list.html",
        {
            "track": found_track,
            "match_year": match_year,
            "rank_list": found,
            "entries": entries,
            "unranked": not_ranked,
            "state": selectors.list_state(found, match_year),
            "add_form": AddApplicantForm(candidates=unranked) if unranked else None,
        },
    )


@login_required
@require_POST
def program_rank_list_add(request: HttpRequest, acgme_id: str, track: str) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    match_year = _match_year(request)
    candidates = list(selectors.candidates_for(found_track.program))
    form = AddApplicantForm(request.POST, candidates=candidates)
    to = _program_list_url(found_track, match_year)
    if not form.is_valid():
        messages.error(request, f"Not added: {_form_errors(form)}")
        return redirect(to)
    applicant = next(user for user in candidates if user.username == form.cleaned_data["applicant"])
    return _act(
        request,
        lambda: services.add_applicant(
            actor=request.user,  # type: ignore[arg-type]
            track=found_track,
            match_year=match_year,
            applicant=applicant,
        ),
        done=f"Added {applicant.get_full_name() or applicant.username}.",
        to=to,
    )


@login_required
@require_POST
def program_rank_list_order(request: HttpRequest, acgme_id: str, track: str) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    found = selectors.program_rank_list(found_track, _match_year(request))
    if found is None:
        return JsonResponse({"detail": "The list is empty."}, status=400)
    return _reorder(
        request,
        lambda order: services.reorder_applicants(actor=request.user, rank_list=found, ids=order),  # type: ignore[arg-type]
    )


@login_required
@require_POST
def program_entry_move(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_program_entry(request.user, entry_id)
    rank_order_list = entry.rank_list
    track = Track(rank_order_list.program, rank_order_list.track, 0)
    return _move(
        request,
        lambda direction: services.move_applicant(
            actor=request.user,  # type: ignore[arg-type]
            entry=entry,
            direction=direction,
        ),
        to=f"{_program_list_url(track, rank_order_list.match_year)}#applicant-{entry.pk}",
    )


@login_required
@require_POST
def program_entry_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_program_entry(request.user, entry_id)
    rank_order_list = entry.rank_list
    track = Track(rank_order_list.program, rank_order_list.track, 0)
    return _act(
        request,
        lambda: services.remove_applicant(actor=request.user, entry=entry),  # type: ignore[arg-type]
        done=f"Removed {entry.applicant.get_full_name() or entry.applicant.username}.",
        to=_program_list_url(track, rank_order_list.match_year),
    )


@login_required
@require_POST
def program_rank_list_certify(
    request: HttpRequest, acgme_id: str, track: str, certify: bool = True
) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    match_year = _match_year(request)
    return _certify_view(
        request,
        selectors.program_rank_list(found_track, match_year),
        certify=certify,
        to=_program_list_url(found_track, match_year),
    )
