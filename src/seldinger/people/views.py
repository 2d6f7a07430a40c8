"""A program's people page (members, invitations, the roster import, deactivation) for its
leaders, and the page an invitation's link opens. Thin: the services decide."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from seldinger.accounts import selectors as access
from seldinger.accounts.requests import AuthedRequest
from seldinger.errors import SeldingerError
from seldinger.people import selectors, services
from seldinger.people.forms import AcceptForm, InviteForm, RosterForm
from seldinger.tabular import FileError
from seldinger.web.pages import done, submitted, values
from seldinger.web.routes import Routes

routes = Routes()

_ROSTER_SESSION_KEY = "people:roster:{}"


def _people_page(
    request: AuthedRequest,
    program: Any,
    *,
    invite_form: InviteForm | None = None,
    roster_form: RosterForm | None = None,
    roster_error: str = "",
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    invitations = [
        (invitation, invitation.status_at(now))
        for invitation in selectors.invitations_of(program).filter(accepted_at__isnull=True)
    ]
    context = {
        "program": program,
        "people": selectors.people_of(program, viewer=request.user),
        "invitations": invitations,
        "invite_form": invite_form or InviteForm(),
        "roster_form": roster_form or RosterForm(),
        "roster_error": roster_error,
        "invitation_days": services.invitation_days(),
    }
    return render(request, "people/people.html", context, status=status)


@routes.page("programs/<int:program_id>/people/", name="people")
@require_http_methods(["GET"])
def people(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = access.program_led_by(request.user, program_id)
    return _people_page(request, program)


@routes.page("programs/<int:program_id>/people/invite/", name="invite")
@require_POST
def invite(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = access.program_led_by(request.user, program_id)
    form = InviteForm(request.POST)
    names = ("email", "first_name", "last_name", "role", "start_date", "end_date")
    saved = submitted(
        request,
        form,
        lambda: services.invite(actor=request.user, program=program, **values(form, names)),
    )
    if saved is None:
        return _people_page(request, program, invite_form=form, status=400)
    invitation = saved.value
    return done(
        request,
        f"Invitation sent to {invitation.name} <{invitation.email}>.",
        "people:people",
        program.pk,
    )


def _invitation_action(
    request: AuthedRequest, program_id: int, invitation_id: int, act: str
) -> HttpResponse:
    program = access.program_led_by(request.user, program_id)
    invitation = selectors.invitation_of(program, invitation_id)
    try:
        if act == "resend":
            services.resend(actor=request.user, invitation=invitation)
            messages.success(request, f"Invitation sent again to {invitation.email}.")
        else:
            services.revoke(actor=request.user, invitation=invitation)
            messages.success(request, f"Invitation to {invitation.email} revoked.")
    except SeldingerError as error:
        messages.error(request, error.message)
    return redirect("people:people", program.pk)


@routes.page("programs/<int:program_id>/invitations/<int:invitation_id>/resend/", name="resend")
@require_POST
def resend(request: AuthedRequest, program_id: int, invitation_id: int) -> HttpResponse:
    return _invitation_action(request, program_id, invitation_id, "resend")


@routes.page("programs/<int:program_id>/invitations/<int:invitation_id>/revoke/", name="revoke")
@require_POST
def revoke(request: AuthedRequest, program_id: int, invitation_id: int) -> HttpResponse:
    return _invitation_action(request, program_id, invitation_id, "revoke")


@routes.page("programs/<int:program_id>/people/roster/", name="roster")
@require_POST
def roster(request: AuthedRequest, program_id: int) -> HttpResponse:
    """Upload a roster: first a preview (a dry run), then, confirmed, the invitations."""
    program = access.program_led_by(request.user, program_id)
    key = _ROSTER_SESSION_KEY.format(program.pk)
    if "confirm" in request.POST:
        kept = request.session.get(key)
        if not kept:
            messages.error(request, "Upload the roster file again: its preview has expired.")
            return redirect("people:people", program.pk)
        name, content = kept["name"], base64.b64decode(kept["content"])
        dry_run = False
    else:
        form = RosterForm(request.POST, request.FILES)
        if not form.is_valid():
            return _people_page(request, program, roster_form=form, status=400)
        upload = form.cleaned_data["file"]
        name = upload.name or "roster"
        if upload.size is not None and upload.size > services.MAX_ROSTER_BYTES:
            form.add_error("file", f"{name} is larger than 1 MB, the most a roster may be.")
            return _people_page(request, program, roster_form=form, status=400)
        content = upload.read()
        dry_run = True
    try:
        report = services.import_roster(
            actor=request.user, program=program, content=content, name=name, dry_run=dry_run
        )
    except FileError as error:
        return _people_page(request, program, roster_error=error.located(name), status=400)
    if dry_run and not report.errors:
        encoded = base64.b64encode(content).decode()
        request.session[key] = {"name": name, "content": encoded}
    else:
        request.session.pop(key, None)
    if report.saved:
        return done(request, report.summary(), "people:people", program.pk)
    context = {"program": program, "report": report}
    return render(
        request, "people/roster_preview.html", context, status=400 if report.errors else 200
    )


def _person_action(request: AuthedRequest, program_id: int, user_id: int, act: str) -> HttpResponse:
    program = access.program_led_by(request.user, program_id)
    person = selectors.person_in(program, user_id)
    name = person.get_full_name() or person.get_username()
    try:
        if act == "deactivate":
            services.deactivate(actor=request.user, program=program, person=person)
            messages.success(request, f"{name} is deactivated: read-only from now on.")
        else:
            services.reactivate(actor=request.user, program=program, person=person)
            messages.success(request, f"{name} is active again.")
    except SeldingerError as error:
        messages.error(request, error.message)
    return redirect("people:people", program.pk)


@routes.page("programs/<int:program_id>/people/<int:user_id>/deactivate/", name="deactivate")
@require_POST
def deactivate(request: AuthedRequest, program_id: int, user_id: int) -> HttpResponse:
    return _person_action(request, program_id, user_id, "deactivate")


@routes.page("programs/<int:program_id>/people/<int:user_id>/reactivate/", name="reactivate")
@require_POST
def reactivate(request: AuthedRequest, program_id: int, user_id: int) -> HttpResponse:
    return _person_action(request, program_id, user_id, "reactivate")


# The invitation's link, for someone who may have no account yet -------------------------


@routes.page("invitations/<str:secret>/", name="invitation", public=True)
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, secret: str) -> HttpResponse:
    try:
        found = services.open_invitation(secret)
    except SeldingerError as error:
        return render(
            request,
            "people/invitation_closed.html",
            {"message": error.message},
            status=error.status,
        )
    account = selectors.account_for(found.email)
    context: dict[str, Any] = {"invitation": found, "account": account}
    if account is not None:
        # An account already: accepting needs its login, not a new password.
        mine = request.user.is_authenticated and request.user.pk == account.pk
        if mine and request.method == "POST":
            services.accept_as(invitation=found, user=account)
            return done(request, f"Welcome to {found.program.name}.", "home:index")
        context["logged_in_as_invitee"] = mine
        return render(request, "people/invitation.html", context)
    form = AcceptForm(request.POST or None)
    saved = submitted(
        request,
        form,
        lambda: services.accept_with_password(
            invitation=found, password=form.cleaned_data["password"]
        ),
    )
    if saved is not None:
        login(request, saved.value, backend="django.contrib.auth.backends.ModelBackend")
        return done(request, f"Welcome to {found.program.name}.", "home:index")
    context["form"] = form
    return render(
        request, "people/invitation.html", context, status=400 if request.method == "POST" else 200
    )
