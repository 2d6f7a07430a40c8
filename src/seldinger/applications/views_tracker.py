"""The tracker pages: an applicant's applications and checklist.

Thin: selectors decide who sees what, services change (and audit) everything.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from seldinger.accounts.requests import AuthedRequest
from seldinger.applications import selectors, services
from seldinger.applications.forms import ApplicationForm, ProfileForm
from seldinger.applications.models import Application
from seldinger.applications.services import InvalidChange
from seldinger.applications.views_common import require_applicant
from seldinger.web.pages import done, render_form, submitted, values
from seldinger.web.routes import Routes

routes = Routes()


TRACKER = "applications:tracker"

# The tracker ---------------------------------------------------------------------------


@routes.page("", name="tracker")
def tracker(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
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


@routes.page("new/", name="application_create")
def application_create(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    form = ApplicationForm(request.POST or None, applicant=applicant)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                applicant=applicant,
                program=form.cleaned_data["program"],
                **form.application_fields(),
            )
        except InvalidChange as error:  # the program is already tracked: said beside it
            form.add_error("program", str(error))
        else:
            return done(request, f"Now tracking {application.program.name}.", TRACKER)
    return render_form(request, "applications/application_form.html", {"form": form})


@routes.page("<int:application_id>/", name="application_edit")
def application_edit(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.get_application(request.user, application_id)
    form = ApplicationForm(request.POST or None, instance=application, applicant=request.user)
    if submitted(
        request,
        form,
        lambda: services.update_application(
            actor=request.user,
            application=selectors.get_application(request.user, application_id),
            **form.application_fields(),
        ),
    ):
        return done(request, f"Saved {application.program.name}.", TRACKER)
    return render_form(
        request, "applications/application_form.html", {"form": form, "application": application}
    )


@routes.page("<int:application_id>/delete/", name="application_delete")
def application_delete(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.get_application(request.user, application_id)
    if request.method == "POST":
        services.delete_application(actor=request.user, application=application)
        return done(request, f"Stopped tracking {application.program.name}.", TRACKER)
    return render(
        request, "applications/application_confirm_delete.html", {"application": application}
    )


@routes.page("checklist/", name="checklist")
def checklist(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    profile = selectors.profile_of(applicant)
    form = ProfileForm(request.POST or None, instance=profile)
    if submitted(
        request,
        form,
        lambda: services.save_profile(user=applicant, **values(form, form.Meta.fields)),
    ):
        return done(request, "Checklist saved.", TRACKER)
    return render_form(
        request,
        "applications/checklist_form.html",
        {"form": form, "signals_used": selectors.signals_used(applicant)},
    )
