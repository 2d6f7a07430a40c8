"""Work-hour pages: the resident's week grid, their violations with justifications, and
the directors' and coordinators' hours report. Thin: selectors decide who sees what,
services make (and audit) every change."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.web.pages import done, render_form, submitted, values
from seldinger.web.routes import Routes
from seldinger.workhours import selectors, services
from seldinger.workhours.forms import JustificationForm, ReportFilterForm, ShiftForm, shift_initial
from seldinger.workhours.selectors import ViolationView
from seldinger.workhours.week_form import WeekForm, draft_from

routes = Routes()


def _require_resident(request: AuthedRequest) -> None:
    if not selectors.may_log_hours(request.user):
        raise PermissionDenied("Only residents and fellows log work hours.")


def _week_of(request: HttpRequest) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


def _week_url(day: dt.date) -> str:
    return f"{reverse('workhours:week')}?week={selectors.week_start(day).isoformat()}"


def _justify_forms(views: list[ViolationView], next_url: str) -> list[dict[str, Any]]:
    return [
        {
            "violation": view,
            "form": JustificationForm(
                initial={
                    "rule": view.rule,
                    "start": view.start.isoformat(),
                    "end": view.end.isoformat(),
                    "text": view.justification.text if view.justification else "",
                    "next": next_url,
                },
                auto_id=False,
            ),
        }
        for view in views
    ]


def _week_page(
    request: AuthedRequest, monday: dt.date, form: ShiftForm | None = None, status: int = 200
) -> HttpResponse:
    resident = request.user
    start = selectors.local_midnight(monday)
    end = selectors.local_midnight(monday + dt.timedelta(days=7))
    entries = list(selectors.shifts_between(resident, start, end))
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        shifts = [entry for entry in entries if timezone.localtime(entry.start).date() == day]
        days.append(
            {
                "day": day,
                "shifts": shifts,
                "hours": selectors.hours_worked(shifts),
                "today": day == timezone.localdate(),
            }
        )
    today = timezone.localdate()
    if form is None:
        form = ShiftForm(
            initial={"day": today if monday <= today < monday + dt.timedelta(days=7) else monday}
        )
    week_url = _week_url(monday)
    found = selectors.findings_in(resident, start, end)
    context = {
        "title": "Work hours",
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous": _week_url(monday - dt.timedelta(days=7)),
        "next": _week_url(monday + dt.timedelta(days=7)),
        "this_week": _week_url(today),
        "days": days,
        "week_hours": selectors.hours_worked(
            [entry for entry in entries if timezone.localtime(entry.start).date() >= monday]
        ),
        "form": form,
        "violations": _justify_forms(found.violations, week_url),
        "warnings": found.warnings,
        "week_url": week_url,
    }
    return render(request, "workhours/week.html", context, status=status)


@routes.page("", name="week")
def week(request: AuthedRequest) -> HttpResponse:
    """The logged-in resident's week, Monday to Sunday, with a quick form to add a shift."""
    _require_resident(request)
    return _week_page(request, _week_of(request))


@routes.page("shifts/add/", name="add_shift")
@require_POST
def add_shift(request: AuthedRequest) -> HttpResponse:
    _require_resident(request)
    form = ShiftForm(request.POST)
    saved = submitted(
        request,
        form,
        lambda: services.create_shift(
            resident=request.user, **values(form, ShiftForm.SERVICE_FIELDS)
        ),
        whole_form=True,
    )
    if saved:
        shift = saved.value
        local = timezone.localtime(shift.start)
        message = f"Shift added: {local:%a %d %b %H:%M}, {shift.hours:g} h."
        return done(request, message, _week_url(local.date()))
    # The form shown again opens on the week of the day it names.
    day = form.cleaned_data.get("day")
    monday = selectors.week_start(day) if day else _week_of(request)
    return _week_page(request, monday, form, status=400)


@routes.page("week/", name="enter_week")
def enter_week(request: AuthedRequest) -> HttpResponse:
    """A whole week in one form; with ``copy``, last week's shifts as a draft to confirm."""
    _require_resident(request)
    monday = _week_of(request)
    start = selectors.local_midnight(monday)
    end = selectors.local_midnight(monday + dt.timedelta(days=7))
    logged = list(selectors.shifts_between(request.user, start, end))
    logged_days = {timezone.localtime(entry.start).date() for entry in logged}
    initial: dict[str, str] = {}
    left_out = 0
    copying = request.method == "GET" and request.GET.get("copy") == "1"
    if copying:
        last_week = selectors.shifts_between(request.user, start - dt.timedelta(days=7), start)
        initial, left_out = draft_from(monday, list(last_week), logged_days)
    form = WeekForm(
        request.POST if request.method == "POST" else None, initial=initial, monday=monday
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.create_week(resident=request.user, shifts=form.shifts)
        except services.WeekError as error:
            problems = [item.message for item in error.items]
        else:
            count = len(saved)
            message = f"Added {count} shift{'s' if count != 1 else ''} to the week."
            return done(request, message, _week_url(monday))
    by_day: dict[dt.date, list[Any]] = {}
    for entry in logged:
        by_day.setdefault(timezone.localtime(entry.start).date(), []).append(entry)
    rows = form.rows()
    for row in rows:
        row["logged"] = by_day.get(row["day"], [])
    context = {
        "title": "Enter the week",
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "form": form,
        "rows": rows,
        "problems": problems,
        "copying": copying,
        "copied": len(initial) // 3,
        "left_out": left_out,
        "back": _week_url(monday),
        "previous": f"{reverse('workhours:enter_week')}?week={monday - dt.timedelta(days=7)}",
        "next": f"{reverse('workhours:enter_week')}?week={monday + dt.timedelta(days=7)}",
    }
    failed = request.method == "POST"
    return render(request, "workhours/week_form.html", context, status=400 if failed else 200)


@routes.page("shifts/<int:shift_id>/edit/", name="edit_shift")
def edit_shift(request: AuthedRequest, shift_id: int) -> HttpResponse:
    shift = selectors.get_own_shift(request.user, shift_id)
    form = ShiftForm(request.POST or None, initial=shift_initial(shift))
    if submitted(
        request,
        form,
        lambda: services.update_shift(
            actor=request.user, shift=shift, **values(form, ShiftForm.SERVICE_FIELDS)
        ),
        whole_form=True,
    ):
        return done(request, "Shift changed.", _week_url(timezone.localtime(shift.start).date()))
    context = {
        "title": "Change shift",
        "form": form,
        "shift": shift,
        "back": _week_url(timezone.localtime(shift.start).date()),
    }
    return render_form(request, "workhours/shift_form.html", context)


@routes.page("shifts/<int:shift_id>/delete/", name="delete_shift")
def delete_shift(request: AuthedRequest, shift_id: int) -> HttpResponse:
    shift = selectors.get_own_shift(request.user, shift_id)
    back = _week_url(timezone.localtime(shift.start).date())
    if request.method == "POST":
        services.delete_shift(actor=request.user, shift=shift)
        return done(request, "Shift deleted.", back)
    return render(
        request,
        "workhours/shift_confirm_delete.html",
        {"title": "Delete shift", "shift": shift, "back": back},
    )


@routes.page("my-violations/", name="my_violations")
def my_violations(request: AuthedRequest) -> HttpResponse:
    """All the resident's violations, each explained, with its justification."""
    _require_resident(request)
    found = selectors.findings_of(request.user)
    context = {
        "title": "My work-hour violations",
        "violations": _justify_forms(found.violations, reverse("workhours:my_violations")),
        "warnings": found.warnings,
    }
    return render(request, "workhours/my_violations.html", context)


def _next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("workhours:my_violations")


@routes.page("justify/", name="justify")
@require_POST
def justify(request: AuthedRequest) -> HttpResponse:
    _require_resident(request)
    form = JustificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a justification for the violation.")
        return redirect(_next(request, request.POST.get("next", "")))
    try:
        services.justify_violation(
            resident=request.user, **values(form, JustificationForm.SERVICE_FIELDS)
        )
    except services.HoursError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Justification saved.")
    return redirect(_next(request, form.cleaned_data.get("next", "")))


@routes.page("violations/", name="violations")
def violations(request: AuthedRequest) -> HttpResponse:
    """The hours report: violations of the residents of the programs the viewer leads."""
    if not selectors.may_see_hours_report(request.user):
        raise PermissionDenied("Only program directors and coordinators see the hours report.")
    residents = list(selectors.report_residents(request.user))
    filters = ReportFilterForm(request.GET or None, residents=residents)
    # An unknown resident or rule simply matches nothing: the selector only looks among
    # the viewer's own residents.
    resident = request.GET.get("resident") or None
    rule = request.GET.get("rule") or None
    filters.is_valid()
    found = selectors.report_findings(request.user, resident=resident, rule=rule)
    context = {
        "title": "Work-hour violations",
        "filters": filters,
        "violations": found.violations,
        "warnings": found.warnings,
        "justified": sum(1 for view in found.violations if view.justified),
        "residents": residents,
    }
    return render(request, "workhours/violations.html", context)
