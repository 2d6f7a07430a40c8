"""Thin views: the diplomate dashboard, CME with certificates, OLA, PQI and the profile.

Every page shows and changes only the requesting user's own records
(``selectors`` answers 404 for anyone else's).
"""

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.certification import selectors, services, tracker
from seldinger.certification.downloads import certificate_response
from seldinger.certification.forms import CmeForm, OlaForm, PqiForm, ProfileForm
from seldinger.certification.models import CmeActivity
from seldinger.pathways.training import record_of as training_record_of
from seldinger.web.pages import attachment, done, post_action, render_form, submitted, values
from seldinger.web.routes import Routes

routes = Routes()


# A refused certificate is shown beside the form's upload field.
CERTIFICATE_FIELD = {"certificate": "upload"}


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


@routes.page("", name="dashboard")
def dashboard(request: AuthedRequest) -> HttpResponse:
    as_of = _as_of(request)
    profile = selectors.profile_of(request.user)
    status = selectors.certification_status(request.user, as_of, profile=profile)
    context: dict[str, Any] = {
        "status": status,
        "as_of": as_of,
        "profile": profile,
        "licences": selectors.expiring_licences(request.user, as_of),
        "exam_parts": [part for part in status.parts if part.key in tracker.EXAM_KEYS],
        "continuing_parts": [part for part in status.parts if part.key in tracker.CONTINUING_KEYS],
    }
    return render(request, "certification/dashboard.html", context)


@routes.page("profile/", name="profile")
def profile(request: AuthedRequest) -> HttpResponse:
    current = selectors.profile_of(request.user)
    found = training_record_of(request.user)
    initial = {
        **(current.as_record() if current else {}),
        **(found.as_record() if found else {}),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if submitted(
        request,
        form,
        lambda: services.save_profile(user=request.user, **form.cleaned_data),
        whole_form=True,
    ):
        return done(request, "Certificate and training saved.", "certification:dashboard")
    return render_form(request, "certification/profile.html", {"form": form})


@routes.page("cme/", name="cme")
def cme_list(request: AuthedRequest) -> HttpResponse:
    form = CmeForm(request.POST or None, request.FILES or None)
    data = form.cleaned_data if form.is_valid() else {}
    if submitted(
        request,
        form,
        lambda: services.create_cme(
            owner=request.user,
            certificate=data.get("upload") or None,
            **values(form, CmeActivity.EDITABLE_FIELDS),
        ),
        rename=CERTIFICATE_FIELD,
    ):
        return done(request, f"CME activity added: {data['title']}.", "certification:cme")
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
    return render_form(request, "certification/cme.html", context)


@routes.page("cme/<int:activity_id>/", name="cme_edit")
def cme_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.get_cme(request.user, activity_id)
    form = CmeForm(request.POST or None, request.FILES or None, instance=activity)
    if submitted(
        request,
        form,
        lambda: services.update_cme(
            actor=request.user,
            activity=selectors.get_cme(request.user, activity_id),
            certificate=form.cleaned_data.get("upload") or None,
            **values(form, CmeActivity.EDITABLE_FIELDS),
        ),
        rename=CERTIFICATE_FIELD,
    ):
        return done(request, "CME activity saved.", "certification:cme")
    return render_form(request, "certification/cme_edit.html", {"form": form, "activity": activity})


@routes.page("cme/<int:activity_id>/delete/", name="cme_delete")
@post_action("CME activity deleted.", "certification:cme")
def cme_delete(request: AuthedRequest, activity_id: int) -> None:
    activity = selectors.get_cme(request.user, activity_id)
    services.delete_cme(actor=request.user, activity=activity)


@routes.page("cme/<int:activity_id>/certificate/", name="cme_certificate")
def cme_certificate(request: AuthedRequest, activity_id: int) -> FileResponse:
    """The owner's certificate file; 404 for anyone else and for activities without one."""
    activity = selectors.get_cme(request.user, activity_id)
    return certificate_response(activity)


@routes.page("cme/export.csv", name="cme_export_csv")
def cme_export_csv(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    return attachment(
        selectors.cme_csv(request.user, year),
        "text/csv; charset=utf-8",
        f"cme-{year - 2}-{year}.csv",
    )


@routes.page("cme/export.pdf", name="cme_export_pdf")
def cme_export_pdf(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    content = selectors.cme_pdf(request.user, year, generated=timezone.localdate())
    return attachment(content, "application/pdf", f"cme-{year - 2}-{year}.pdf")


@routes.page("ola/", name="ola")
def ola(request: AuthedRequest) -> HttpResponse:
    form = OlaForm(request.POST or None, initial={"year": timezone.localdate().year})
    if submitted(request, form, lambda: services.save_ola(owner=request.user, **form.cleaned_data)):
        return done(request, f"OLA {form.cleaned_data['year']} saved.", "certification:ola")
    status = selectors.certification_status(request.user, timezone.localdate())
    context = {"form": form, "records": selectors.ola_of(request.user), "status": status}
    return render_form(request, "certification/ola.html", context)


@routes.page("ola/<int:record_id>/delete/", name="ola_delete")
@require_POST
def ola_delete(request: AuthedRequest, record_id: int) -> HttpResponse:
    record = selectors.get_ola(request.user, record_id)
    services.delete_ola(actor=request.user, ola=record)
    return done(request, f"OLA {record.year} deleted.", "certification:ola")


@routes.page("pqi/", name="pqi")
def pqi(request: AuthedRequest) -> HttpResponse:
    form = PqiForm(request.POST or None)
    if submitted(request, form, lambda: services.save_pqi(owner=request.user, **form.cleaned_data)):
        return done(request, "PQI activity saved.", "certification:pqi")
    context = {"form": form, "activities": selectors.pqi_of(request.user)}
    return render_form(request, "certification/pqi.html", context)


@routes.page("pqi/<int:activity_id>/", name="pqi_edit")
def pqi_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.get_pqi(request.user, activity_id)
    form = PqiForm(request.POST or None, instance=activity)
    if submitted(
        request,
        form,
        lambda: services.save_pqi(
            owner=request.user,
            activity=selectors.get_pqi(request.user, activity_id),
            **form.cleaned_data,
        ),
    ):
        return done(request, "PQI activity saved.", "certification:pqi")
    return render_form(request, "certification/pqi_edit.html", {"form": form, "activity": activity})


@routes.page("pqi/<int:activity_id>/delete/", name="pqi_delete")
@post_action("PQI activity deleted.", "certification:pqi")
def pqi_delete(request: AuthedRequest, activity_id: int) -> None:
    activity = selectors.get_pqi(request.user, activity_id)
    services.delete_pqi(actor=request.user, activity=activity)
