"""Thin views: records, mentors, meeting notes and the annual-update export.

``selectors`` decide who sees what (anything else answers 404); ``services``
check, write and audit.
"""

from functools import partial
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.scholarship import export, selectors, services
from seldinger.scholarship.forms import ExportForm, MentorForm, NoteForm, activity_form_class
from seldinger.scholarship.models import ACTIVITY_MODELS, Activity
from seldinger.web.pages import attachment, done, post_action, render_form, submitted
from seldinger.web.routes import Routes

routes = Routes()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "summary-csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _sections(trainee: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "label": ACTIVITY_MODELS[kind].PLURAL,
            "items": [{"object": item, "cells": export.describe(item)} for item in queryset],
        }
        for kind, queryset in selectors.all_activities_of(trainee).items()
    ]


def _trainee_context(viewer: User, trainee: User) -> dict[str, Any]:
    may_read_notes = selectors.may_read_notes(viewer, trainee)
    return {
        "trainee": trainee,
        "is_own": viewer.pk == trainee.pk,
        "sections": _sections(trainee),
        "mentorships": selectors.current_mentorships_of(trainee),
        "notes": selectors.notes_about(viewer, trainee) if may_read_notes else None,
        "note_form": NoteForm() if selectors.may_write_notes(viewer, trainee) else None,
    }


@routes.page("", name="home")
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "others": selectors.trainees_visible_to(user).exclude(pk=user.pk),
        "directs": access.programs_directed_by(user).exists(),
        "exports": selectors.programs_for_export(user).exists(),
        "is_trainee": selectors.is_trainee(user),
    }
    if context["is_trainee"]:
        context.update(_trainee_context(user, user))
    return render(request, "scholarship/home.html", context)


@routes.page("residents/<int:trainee_id>/", name="resident")
def resident(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = selectors.get_visible_trainee(request.user, trainee_id)
    return render(request, "scholarship/resident.html", _trainee_context(request.user, trainee))


# Mentors ----------------------------------------------------------------------------------


def _assign_mentor(director: User, program: Any, form: MentorForm) -> Any:
    return services.assign_mentor(director=director, program=program, **form.cleaned_data)


@routes.page("mentors/", name="mentors")
def mentors(request: AuthedRequest) -> HttpResponse:
    """The director's page: current and past mentorships of their programs; assign a mentor."""
    user = request.user
    programs = list(access.programs_directed_by(user).order_by("name"))
    if not programs:
        raise Http404("Only a program's director assigns mentors.")
    forms = []
    for program in programs:
        bound = request.method == "POST" and request.POST.get("program") == str(program.pk)
        form = MentorForm(
            request.POST if bound else None,
            prefix=f"p{program.pk}",
            residents=access.trainees_of(program),
            mentors=selectors.mentor_candidates(program),
        )
        if bound and submitted(
            request,
            form,
            partial(_assign_mentor, user, program, form),
        ):
            return done(request, "Mentor assigned.", "scholarship:mentors")
        forms.append((program, form))
    context = {
        "forms": forms,
        "mentorships": selectors.mentorships_visible_to(user).filter(program__in=programs),
    }
    return render_form(request, "scholarship/mentors.html", context)


@routes.page("mentors/<int:mentorship_id>/end/", name="end_mentorship")
@post_action("Mentorship ended.", "scholarship:mentors")
def end_mentorship(request: AuthedRequest, mentorship_id: int) -> None:
    mentorship = selectors.get_directed_mentorship(request.user, mentorship_id)
    services.end_mentorship(actor=request.user, mentorship=mentorship)


# Meeting notes ----------------------------------------------------------------------------


@routes.page("residents/<int:trainee_id>/notes/", name="add_note")
@require_POST
def add_note(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = selectors.get_visible_trainee(request.user, trainee_id)
    mentorship = selectors.mentorship_for_notes(request.user, trainee)
    form = NoteForm(request.POST)
    if submitted(
        request,
        form,
        lambda: services.add_note(author=request.user, mentorship=mentorship, **form.cleaned_data),
    ):
        return done(request, "Meeting note saved.", "scholarship:resident", trainee_id=trainee.pk)
    context = {**_trainee_context(request.user, trainee), "note_form": form}
    return render(request, "scholarship/resident.html", context, status=400)


@routes.page("notes/<int:note_id>/", name="edit_note")
def edit_note(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = selectors.get_own_note(request.user, note_id)
    form = NoteForm(request.POST or None, initial={"date": note.date, "notes": note.notes})
    if submitted(
        request,
        form,
        lambda: services.change_note(actor=request.user, note=note, **form.cleaned_data),
    ):
        trainee_id = note.mentorship.resident_id
        return done(request, "Meeting note saved.", "scholarship:resident", trainee_id=trainee_id)
    return render_form(request, "scholarship/note_form.html", {"form": form, "note": note})


@routes.page("notes/<int:note_id>/delete/", name="delete_note")
@require_POST
def delete_note(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = selectors.get_own_note(request.user, note_id)
    trainee_id = note.mentorship.resident_id
    services.delete_note(actor=request.user, note=note)
    return done(request, "Meeting note deleted.", "scholarship:resident", trainee_id=trainee_id)


# Export -----------------------------------------------------------------------------------


def export_response(
    viewer: User, program_id: int, start_year: int, fmt: str, resident_id: int | None = None
) -> HttpResponse:
    """The file for the web and the API alike; 404 for a program or resident not the viewer's."""
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    program = selectors.get_exportable_program(viewer, program_id)
    year = export.AcademicYear(start_year)
    residents = selectors.residents_for_export(program, year.start, year.end, resident_id)
    report = export.build_report(residents, year)
    if fmt == "xlsx":
        content = export.to_xlsx(report)
    elif fmt == "summary-csv":
        content = export.summary_csv(report)
    else:
        content = export.activities_csv(report)
    extension = "xlsx" if fmt == "xlsx" else "csv"
    suffix = "-summary" if fmt == "summary-csv" else ""
    name = (
        f"scholarly-activity-{program.acgme_id}-{start_year}-{start_year + 1}{suffix}.{extension}"
    )
    return attachment(content, CONTENT_TYPES[fmt], name)


@routes.page("export/", name="export")
def export_page(request: AuthedRequest) -> HttpResponse:
    """The export form; with ``program`` and ``year`` (and optionally ``resident``), the file."""
    user = request.user
    programs = selectors.programs_for_export(user)
    if not programs.exists():
        raise Http404("Only a program's director or coordinator exports its annual update.")
    if "program" in request.GET:
        try:
            program_id = int(request.GET["program"])
            year = int(request.GET.get("year", ""))
            resident = request.GET.get("resident") or None
            resident_id = int(resident) if resident is not None else None
        except ValueError:
            raise Http404("No such export.") from None
        return export_response(
            user, program_id, year, request.GET.get("format", "csv"), resident_id
        )
    return render(request, "scholarship/export.html", {"form": ExportForm(programs=programs)})


# Activities -------------------------------------------------------------------------------
# Declared last: `<slug:kind>/` would take the fixed addresses above.


def _save_activity(request: AuthedRequest, kind: str, form: Any, activity: Activity | None) -> Any:
    user = request.user
    if activity is None:
        return services.add_activity(owner=user, kind=kind, values=form.cleaned_data)
    return services.change_activity(actor=user, activity=activity, values=form.cleaned_data)


def _activity_page(request: AuthedRequest, kind: str, activity: Activity | None) -> HttpResponse:
    form = activity_form_class(kind)(request.POST or None, instance=activity)
    if submitted(request, form, lambda: _save_activity(request, kind, form, activity)):
        return done(request, "Saved.", "scholarship:home")
    context = {
        "form": form,
        "activity": activity,
        "kind": kind,
        "label": ACTIVITY_MODELS[kind].LABEL,
    }
    return render_form(request, "scholarship/activity_form.html", context)


@routes.page("<slug:kind>/new/", name="add")
def add_activity(request: AuthedRequest, kind: str) -> HttpResponse:
    selectors.activity_model(kind)
    if not selectors.is_trainee(request.user):
        raise Http404("Only residents and fellows keep scholarly records.")
    return _activity_page(request, kind, None)


@routes.page("<slug:kind>/<int:activity_id>/", name="edit")
def edit_activity(request: AuthedRequest, kind: str, activity_id: int) -> HttpResponse:
    return _activity_page(
        request, kind, selectors.get_own_activity(request.user, kind, activity_id)
    )


@routes.page("<slug:kind>/<int:activity_id>/delete/", name="delete")
@post_action("Deleted.", "scholarship:home")
def delete_activity(request: AuthedRequest, kind: str, activity_id: int) -> None:
    activity = selectors.get_own_activity(request.user, kind, activity_id)
    services.delete_activity(actor=request.user, activity=activity)
