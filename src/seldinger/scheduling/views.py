"""Schedule pages: a program's published month grid, a resident's own shifts, the version
history, publishing a solver's schedule, and swap requests. Thin: selectors decide who
sees what, services make (and audit) every change."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.errors import Forbidden, Invalid
from seldinger.jobs.selectors import job_for
from seldinger.programs.models import Program
from seldinger.scheduling import jobs, selectors, services
from seldinger.scheduling.forms import PublishForm, PublishSolvedForm, SolveForm, SwapForm
from seldinger.scheduling.models import ScheduledShift, ScheduleVersion
from seldinger.web.pages import done, render_form, submitted
from seldinger.web.routes import Routes

routes = Routes()


def _month_of(request: HttpRequest, version: ScheduleVersion | None) -> dt.date:
    try:
        asked = request.POST.get("month") or request.GET.get("month", "")
        return dt.date.fromisoformat(asked + "-01")
    except ValueError:
        pass
    today = timezone.localdate()
    if version is not None:
        first = version.shifts.order_by("start").first()
        last = version.shifts.order_by("-start").first()
        if first and last and not (first.start.date() <= today <= last.start.date()):
            return timezone.localtime(first.start).date().replace(day=1)
    return today.replace(day=1)


def _months(month: dt.date) -> tuple[str, str]:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return f"{previous:%Y-%m}", f"{following:%Y-%m}"


def _base(request: AuthedRequest, program: Program) -> dict[str, object]:
    return {
        "program": program,
        "leads": selectors.may_publish(request.user, program),
        "programs": selectors.schedule_programs(request.user),
    }


@routes.page("", name="index")
def index(request: AuthedRequest) -> HttpResponse:
    """The first program whose schedule the user may see, or a page saying there is none."""
    programs = selectors.schedule_programs(request.user)
    if not programs:
        return render(request, "scheduling/none.html", {"title": "Schedule"})
    return redirect("scheduling:month", programs[0].pk)


@routes.page("<int:program_id>/", name="month")
def month(request: AuthedRequest, program_id: int) -> HttpResponse:
    """The program's published schedule for a month: residents by days, call marked."""
    program = selectors.visible_program(request.user, program_id)
    current = version = selectors.current_version(program)
    number = request.GET.get("version", "")
    if number.isdigit():
        version = selectors.version_of(program, int(number))
    shown = _month_of(request, version)
    previous, following = _months(shown)
    context = {
        **_base(request, program),
        "title": f"Schedule · {program.name}",
        "version": version,
        "current": current,
        "month": shown,
        "days": selectors.month_days(shown),
        "rows": selectors.month_grid(version, shown) if version else [],
        "call_names": selectors.call_names(version) if version else [],
        "previous": previous,
        "following": following,
        "form": PublishForm(),
        "solve_form": SolveForm(),
    }
    return render(request, "scheduling/month.html", context)


@routes.page("<int:program_id>/mine/", name="mine")
def mine(request: AuthedRequest, program_id: int) -> HttpResponse:
    """The logged-in resident's own shifts in the current version, this month."""
    program = selectors.visible_program(request.user, program_id)
    version = selectors.current_version(program)
    shown = _month_of(request, version)
    days = selectors.month_days(shown)
    shifts = list(selectors.shifts_in(version, days[0], days[-1], request.user)) if version else []
    previous, following = _months(shown)
    context = {
        **_base(request, program),
        "title": "My schedule",
        "version": version,
        "month": shown,
        "shifts": shifts,
        "calls": sum(1 for shift in shifts if shift.is_call),
        "hours": sum((s.end - s.start).total_seconds() for s in shifts) / 3600,
        "previous": previous,
        "following": following,
    }
    return render(request, "scheduling/mine.html", context)


@routes.page("<int:program_id>/mine/fill/", name="fill_hours")
@require_POST
def fill_hours(request: AuthedRequest, program_id: int) -> HttpResponse:
    """The resident copies a month of their published shifts into their work-hour log."""
    program = selectors.visible_program(request.user, program_id)
    shown = _month_of(request, None)
    days = selectors.month_days(shown)
    try:
        filled = services.fill_hours_from_schedule(request.user, program, days[0], days[-1])
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("scheduling:mine", program.pk)
    message = f"{filled.added} shift(s) added to your work-hour log"
    if filled.skipped:
        message += f"; {filled.skipped} skipped, as you had already logged hours then"
    return done(request, message + ". Correct them there to what you worked.", _week(days[0]))


def _week(day: dt.date) -> str:
    monday = day - dt.timedelta(days=day.weekday())
    return f"{reverse('workhours:week')}?week={monday.isoformat()}"


@routes.page("<int:program_id>/versions/", name="versions")
def versions(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.visible_program(request.user, program_id)
    context = {
        **_base(request, program),
        "title": f"Schedule versions · {program.name}",
        "versions": selectors.versions_of(program),
    }
    return render(request, "scheduling/versions.html", context)


@routes.page("<int:program_id>/publish/", name="publish")
@require_POST
def publish(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.visible_program(request.user, program_id)
    if not selectors.may_publish(request.user, program):
        raise PermissionDenied("Only the program's director or coordinator publishes.")
    form = PublishForm(request.POST, request.FILES)
    saved = submitted(
        request,
        form,
        lambda: services.publish_schedule(
            program,
            form.cleaned_data["schedule"],
            request.user,
            residents=form.cleaned_data["residents"],
            note=form.cleaned_data["note"],
        ),
    )
    if saved:
        return done(
            request, f"Published version {saved.value.number}.", "scheduling:month", program.pk
        )
    context = {**_base(request, program), "title": "Publish a schedule", "form": form}
    return render_form(request, "scheduling/publish.html", context)


def _leader(request: AuthedRequest, program_id: int, doing: str) -> Program:
    program = selectors.visible_program(request.user, program_id)
    if not selectors.may_publish(request.user, program):
        raise PermissionDenied(f"Only the program's director or coordinator {doing}.")
    return program


@routes.page("<int:program_id>/solve/", name="solve")
@require_POST
def solve(request: AuthedRequest, program_id: int) -> HttpResponse:
    """Starts a background job solving the uploaded spec; its page shows the progress."""
    program = _leader(request, program_id, "solves the schedule")
    form = SolveForm(request.POST, request.FILES)
    started = submitted(
        request,
        form,
        lambda: jobs.start_solve(
            actor=request.user,
            program=program,
            content=form.cleaned_data["spec"],
            time_limit=form.cleaned_data["time_limit"],
        ),
    )
    if started:
        return redirect("jobs:detail", job_id=started.value.pk)
    context = {**_base(request, program), "title": "Solve a schedule", "solve_form": form}
    return render_form(request, "scheduling/solve.html", context)


@routes.page("<int:program_id>/publish/job/<uuid:job_id>/", name="publish_job")
def publish_job(request: AuthedRequest, program_id: int, job_id: str) -> HttpResponse:
    """Publishes the schedule a solve job wrote (with the residents' usernames and a note)."""
    program = _leader(request, program_id, "publishes")
    job = job_for(request.user, job_id)
    try:
        output = jobs.solved_schedule(program, job)
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("jobs:detail", job_id=job.pk)
    form = PublishSolvedForm(request.POST or None)
    saved = submitted(
        request,
        form,
        lambda: services.publish_schedule(
            program,
            output,
            request.user,
            residents=form.cleaned_data["residents"],
            note=form.cleaned_data["note"],
        ),
        whole_form=True,
    )
    if saved:
        return done(
            request, f"Published version {saved.value.number}.", "scheduling:month", program.pk
        )
    context = {**_base(request, program), "title": "Publish the solved schedule", "form": form}
    return render_form(request, "scheduling/publish_job.html", context)


def _label(shift: ScheduledShift) -> str:
    start = timezone.localtime(shift.start)
    who = shift.resident.get_full_name() or shift.resident.username
    return f"{start:%a} {start.day} {start:%b} {shift.name} ({who})"


@routes.page("<int:program_id>/swaps/", name="swaps")
def swaps(request: AuthedRequest, program_id: int) -> HttpResponse:
    """Swap requests: a resident asks for one; the leaders see all and decide."""
    program = selectors.visible_program(request.user, program_id)
    version = selectors.current_version(program)
    form = None
    if (
        version is not None
        and selectors.program_residents(program).filter(pk=request.user.pk).exists()
    ):
        form = SwapForm(
            request.POST or None,
            give=[(s.pk, _label(s)) for s in selectors.call_shifts(version, request.user)],
            take=[(s.pk, _label(s)) for s in selectors.call_shifts(version, exclude=request.user)],
        )
        saved = submitted(
            request,
            form,
            lambda: services.request_swap(
                request.user,
                get_object_or_404(version.shifts, pk=form.cleaned_data["give"]),
                get_object_or_404(version.shifts, pk=form.cleaned_data["take"]),
                form.cleaned_data["note"],
            ),
            whole_form=True,
        )
        if saved:
            found = len(saved.value.violations)
            message = (
                "Swap requested; the work-hour check finds no violation."
                if not found
                else f"Swap requested; the work-hour check finds {found} violation(s)."
            )
            return done(request, message, reverse("scheduling:swaps", args=[program.pk]))
    elif request.method == "POST":
        raise PermissionDenied("Only the program's residents request swaps.")
    context = {
        **_base(request, program),
        "title": "Swap requests",
        "version": version,
        "form": form,
        "swaps": selectors.swaps_for(request.user, program),
    }
    return render_form(request, "scheduling/swaps.html", context)


@routes.page("<int:program_id>/swaps/<int:swap_id>/decide/", name="decide")
@require_POST
def decide(request: AuthedRequest, program_id: int, swap_id: int) -> HttpResponse:
    program = selectors.visible_program(request.user, program_id)
    if not selectors.may_publish(request.user, program):
        raise PermissionDenied("Only the program's director or coordinator decides swaps.")
    swap = selectors.swap_of(request.user, program, swap_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_swap(request.user, swap, approve=approve)
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("scheduling:swaps", program.pk)
    return done(
        request,
        "Swap approved: a new version is published." if approve else "Swap declined.",
        "scheduling:swaps",
        program.pk,
    )
