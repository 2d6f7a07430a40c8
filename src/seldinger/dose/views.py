"""The dose reports page: upload reports, confirm a draft in one tap, assign the inbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from seldinger.accounts import selectors as access
from seldinger.accounts.requests import AuthedRequest
from seldinger.caselog import selectors as caselog_selectors
from seldinger.dose import files, selectors, services
from seldinger.dose.models import DoseStudy
from seldinger.errors import Forbidden, Invalid, SeldingerError
from seldinger.web.routes import Routes
from seldinger.web.uploads import too_large

routes = Routes()

ROLES = (("primary", "Primary"), ("assistant", "Assistant"), ("observer", "Observer"))


def _may_use(request: AuthedRequest) -> tuple[bool, bool]:
    """(trains, leads): whether the viewer has drafts of their own, and an inbox."""
    user = request.user
    admin = access.is_platform_admin(user)
    trains = access.is_trainee(user) and not admin
    # The navigation offers the page to directors and coordinators by role; one not (yet)
    # leading a program sees an empty inbox.
    leads = admin or user.role in ("director", "coordinator")
    if not access.is_active_user(user) or not (trains or leads):
        raise PermissionDenied("Dose reports are for trainees, their directors and coordinators.")
    return trains, leads


def _context(request: AuthedRequest, results: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    trains, leads = _may_use(request)
    context: dict[str, Any] = {"trains": trains, "leads": leads, "results": results, "roles": ROLES}
    if trains:
        catalogue = caselog_selectors.catalogue()
        context["drafts"] = list(selectors.drafts_of(request.user))
        context["procedures"] = sorted(
            catalogue.procedures.values(), key=lambda procedure: procedure.name
        )
        context["supervisors"] = list(caselog_selectors.supervisors_for(request.user))
        context["names"] = list(selectors.suite_names_of(request.user))
    if leads:
        context["inbox"] = list(selectors.inbox_of(request.user))
        context["trainees"] = list(selectors.assignable_trainees(request.user))
    return context


@routes.page("", name="reports")
def reports(request: AuthedRequest) -> HttpResponse:
    return render(request, "dose/reports.html", _context(request))


@routes.page("upload/", name="upload")
@require_POST
def upload(request: AuthedRequest) -> HttpResponse:
    _may_use(request)
    if too_large(request):
        context = _context(request)
        context["upload_error"] = (
            f"The upload is larger than {settings.MAX_REQUEST_UPLOAD_BYTES // (1024 * 1024)} MB: "
            "send fewer reports at once."
        )
        return render(request, "dose/reports.html", context, status=400)
    uploads = request.FILES.getlist("files")
    if not uploads:
        context = _context(request)
        context["upload_error"] = "Choose one or more dose report files, or a zip of them."
        return render(request, "dose/reports.html", context, status=400)
    too_big = [f.name for f in uploads if (f.size or 0) > settings.MAX_UPLOAD_BYTES]
    if too_big:
        context = _context(request)
        context["upload_error"] = (
            f"{', '.join(str(name) for name in too_big)}: larger than "
            f"{settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB; send fewer reports per zip."
        )
        return render(request, "dose/reports.html", context, status=400)
    try:
        destination = services.destination_for(request.user)
    except Forbidden as refusal:
        raise PermissionDenied(refusal.message) from None
    # Held in memory (web.uploads) and dropped with the request: written nowhere.
    received = [files.ReportFile(str(f.name), f.read()) for f in uploads]
    results = services.import_reports(
        files.uploaded(received, services.limits()),
        destination=destination,
        source=DoseStudy.Source.UPLOAD,
        actor=request.user,
    )
    return render(request, "dose/reports.html", _context(request, [r.as_dict() for r in results]))


@routes.page("<int:pk>/confirm/", name="confirm")
@require_POST
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    study = selectors.get_own_study(request.user, pk)
    try:
        case = services.confirm_study(
            trainee=request.user,
            study=study,
            procedure=request.POST.get("procedure", ""),
            role=request.POST.get("role", ""),
            supervisor=request.POST.get("supervisor", ""),
        )
    except Forbidden as refusal:
        raise PermissionDenied(refusal.message) from None
    except (Invalid, SeldingerError) as refusal:
        messages.error(request, refusal.message)
        return redirect("dose:reports")
    messages.success(request, "Case saved from the dose report; it now awaits verification.")
    return redirect("caselog:case_detail", case_id=case.pk)


@routes.page("<int:pk>/assign/", name="assign")
@require_POST
def assign(request: AuthedRequest, pk: int) -> HttpResponse:
    study = selectors.get_visible_study(request.user, pk)
    trainee = (
        selectors.assignable_trainees(request.user)
        .filter(pk=request.POST.get("trainee") or 0)
        .first()
        if (request.POST.get("trainee") or "").isdigit()
        else None
    )
    if trainee is None:
        messages.error(request, "Choose the trainee this report belongs to.")
        return redirect("dose:reports")
    try:
        services.assign_study(actor=request.user, study=study, trainee=trainee)
    except Forbidden as refusal:
        raise PermissionDenied(refusal.message) from None
    except SeldingerError as refusal:
        messages.error(request, refusal.message)
        return redirect("dose:reports")
    messages.success(request, f"The report is now a draft case for {trainee.get_full_name()}.")
    return redirect("dose:reports")


@routes.page("names/", name="add_name")
@require_POST
def add_name(request: AuthedRequest) -> HttpResponse:
    trains, _ = _may_use(request)
    if not trains:
        raise PermissionDenied("Only trainees list the names the suite records for them.")
    try:
        services.add_suite_name(trainee=request.user, name=request.POST.get("name", "")[:128])
    except Invalid as refusal:
        context = _context(request)
        context["name_error"] = refusal.message
        return render(request, "dose/reports.html", context, status=400)
    messages.success(request, "Name added: reports that record it become your drafts.")
    return redirect("dose:reports")


@routes.page("names/<int:pk>/delete/", name="remove_name")
@require_POST
def remove_name(request: AuthedRequest, pk: int) -> HttpResponse:
    suite_name = selectors.get_own_suite_name(request.user, pk)
    services.remove_suite_name(trainee=request.user, suite_name=suite_name)
    messages.success(request, f"{suite_name.form} removed.")
    return redirect("dose:reports")
