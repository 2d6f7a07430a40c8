"""Thin views: the diplomate dashboard, CME with certificates, OLA, PQI and the profile.

Every page shows and changes only the requesting user's own records
(``selectors`` answers 404 for anyone else's).
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.certification import selectors, services, tracker
from seldinger.certification.forms import CmeForm, OlaForm, PqiForm, ProfileForm
from seldinger.certification.models import CmeActivity
from seldinger.certification.services import CertificateRejected
from seldinger.pathways.planner import PlanningError
from seldinger.pathways.training import record_of as training_record_of


def _as_of(request: AuthedRequest) -> dt.date:
    raw = request.GET.get("as_of", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _year(request: AuthedRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    as_of = _as_of(request)
    status = selectors.certification_status(request.user, as_of)
    context: dict[str, Any] = {
        "status": status,
        "as_of": as_of,
        "profile": selectors.profile_of(request.user),
        "licences": selectors.expiring_licences(request.user, as_of),
        "exam_parts": [part for part in status.parts if part.key in tracker.EXAM_KEYS],
        "continuing_parts": [part for part in status.parts if part.key in tracker.CONTINUING_KEYS],
    }
    return render(request, "certification/dashboard.html", context)


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    current = selectors.profile_of(request.user)
    found = training_record_of(request.user)
    initial = {
        **(current.as_record() if current else {}),
        **(found.as_record() if found else {}),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(user=request.user, **form.cleaned_data)
        except PlanningError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Certificate and training saved.")
            return redirect("certification:dashboard")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "certification/profile.html", {"form": form}, status=status)


@login_required
def cme_list(request: AuthedRequest) -> HttpResponse:
    form = CmeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_cme(
                owner=request.user,
                title=data["title"],
                provider=data["provider"],
                date=data["date"],
                credits=data["credits"],
                credit_type=data["credit_type"],
                self_assessment=data["self_assessment"],
                certificate=data.get("upload") or None,
            )
        except CertificateRejected as error:
            form.add_error("upload", error.message)
        else:
            messages.success(request, f"CME activity added: {data['title']}.")
            return redirect("certification:cme")
    return _cme_page(request, form)


def _cme_page(request: AuthedRequest, form: CmeForm) -> HttpResponse:
    year = _year(request)
    start, end, _activities, total = selectors.cme_export_rows(request.user, year)
    status = selectors.certification_status(request.user, timezone.localdate())
    context = {
        "form": form,
        "activities": selectors.cme_of(request.user),
        "windows": status.cme_windows,
        "year": year,
        "window_start": start,
        "window_end": end,
        "window_total": total,
    }
    code = 400 if form.is_bound and form.errors else 200
    return render(request, "certification/cme.html", context, status=code)


@login_required
def cme_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.get_cme(request.user, activity_id)
    form = CmeForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_cme(
                actor=request.user,
                activity=selectors.get_cme(request.user, activity_id),
                certificate=data.get("upload") or None,
                **{name: data[name] for name in CmeActivity.EDITABLE_FIELDS},
            )
        except CertificateRejected as error:
            form.add_error("upload", error.message)
        else:
            messages.success(request, "CME activity saved.")
            return redirect("certification:cme")
    code = 400 if form.is_bound and form.errors else 200
    return render(
        request, "certification/cme_edit.html", {"form": form, "activity": activity}, status=code
    )


@login_required
@require_POST
def cme_delete(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.get_cme(request.user, activity_id)
    services.delete_cme(actor=request.user, activity=activity)
    messages.success(request, "CME activity deleted.")
    return redirect("certification:cme")


@login_required
def cme_certificate(request: AuthedRequest, activity_id: int) -> FileResponse:
    """The owner's certificate file; 404 for anyone else and for activities without one."""
    activity = selectors.get_cme(request.user, activity_id)
    if not activity.certificate:
        raise Http404("No certificate for this activity.")
    try:
        handle = activity.certificate.open("rb")
    except FileNotFoundError:
        raise Http404("The certificate file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=activity.certificate_name or "certificate",
        content_type=activity.certificate_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def cme_export_csv(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    response = HttpResponse(
        selectors.cme_csv(request.user, year), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cme-{year - 2}-{year}.csv"'
    return response


@login_required
def cme_export_pdf(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    content = selectors.cme_pdf(request.user, year, generated=timezone.localdate())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cme-{year - 2}-{year}.pdf"'
    return response


@login_required
def ola(request: AuthedRequest) -> HttpResponse:
    form = OlaForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_ola(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"OLA {form.cleaned_data['year']} saved.")
            return redirect("certification:ola")
    status = selectors.certification_status(request.user, timezone.localdate())
    context = {"form": form, "records": selectors.ola_of(request.user), "status": status}
    code = 400 if form.is_bound and form.errors else 200
    return render(request, "certification/ola.html", context, status=code)


@login_required
@require_POST
def ola_delete(request: AuthedRequest, record_id: int) -> HttpResponse:
    record = selectors.get_ola(request.user, record_id)
    services.delete_ola(actor=request.user, ola=record)
    messages.success(request, f"OLA {record.year} deleted.")
    return redirect("certification:ola")


@login_required
def pqi(request: AuthedRequest) -> HttpResponse:
    form = PqiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_pqi(owner=request.user, **form.cleaned_data)
        messages.success(request, "PQI activity saved.")
        return redirect("certification:pqi")
    context = {"form": form, "activities": selectors.pqi_of(request.user)}
    code = 400 if form.is_bound and form.errors else 200
    return render(request, "certification/pqi.html", context, status=code)


@login_required
def pqi_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.get_pqi(request.user, activity_id)
    form = PqiForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        services.save_pqi(
            owner=request.user,
            activity=selectors.get_pqi(request.user, activity_id),
            **form.cleaned_data,
        )
        messages.success(request, "PQI activity saved.")
        return redirect("certification:pqi")
    code = 400 if form.is_bound and form.errors else 200
    return render(
        request, "certification/pqi_edit.html", {"form": form, "activity": activity}, status=code
    )


@login_required
@require_POST
def pqi_delete(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.get_pqi(request.user, activity_id)
    services.delete_pqi(actor=request.user, activity=activity)
    messages.success(request, "PQI activity deleted.")
    return redirect("certification:pqi")


urlpatterns: list[URLPattern] = [
    path("", dashboard, name="dashboard"),
    path("profile/", profile, name="profile"),
    path("cme/", cme_list, name="cme"),
    path("cme/export.csv", cme_export_csv, name="cme_export_csv"),
    path("cme/export.pdf", cme_export_pdf, name="cme_export_pdf"),
    path("cme/<int:activity_id>/", cme_edit, name="cme_edit"),
    path("cme/<int:activity_id>/delete/", cme_delete, name="cme_delete"),
    path("cme/<int:activity_id>/certificate/", cme_certificate, name="cme_certificate"),
    path("ola/", ola, name="ola"),
    path("ola/<int:record_id>/delete/", ola_delete, name="ola_delete"),
    path("pqi/", pqi, name="pqi"),
    path("pqi/<int:activity_id>/", pqi_edit, name="pqi_edit"),
    path("pqi/<int:activity_id>/delete/", pqi_delete, name="pqi_delete"),
]
