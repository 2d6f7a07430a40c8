"""Thin views: a trainee's "to enter in the ACGME Case Log" list, its mark and export,
and the director's milestones export per period."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from seldinger import reporting, tabular
from seldinger.accounts.requests import AuthedRequest
from seldinger.acgme import core, selectors, services
from seldinger.milestones import milestones as milestone_core
from seldinger.web.pages import attachment
from seldinger.web.routes import Routes

routes = Routes()

#: The list's filter: ?show=todo (default), entered, all.
_SHOWN = {"todo": False, "entered": True, "all": None}


def _shown(request: HttpRequest) -> str:
    show = request.GET.get("show", "todo")
    return show if show in _SHOWN else "todo"


@routes.page("", name="index")
def index(request: AuthedRequest) -> HttpResponse:
    return redirect("acgme:case_log", request.user.pk)


@routes.page("case-log/<int:trainee_id>/", name="case_log")
def case_log(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = selectors.trainee_for(request.user, trainee_id)
    show = _shown(request)
    rows = selectors.case_log_rows(selectors.verified_cases(trainee, entered=_SHOWN[show]))
    entered = set(selectors.verified_cases(trainee, entered=True).values_list("pk", flat=True))
    context = {
        "trainee": trainee,
        "own": trainee.pk == request.user.pk,
        "rows": [(row, row.case_id in entered) for row in rows],
        "show": show,
        "mapped": bool(selectors.category_mapping()),
    }
    return render(request, "acgme/case_log.html", context)


@routes.page("case-log/<int:trainee_id>/export.<str:fmt>", name="case_log_export")
def case_log_export(request: AuthedRequest, trainee_id: int, fmt: str) -> HttpResponse:
    trainee = selectors.trainee_for(request.user, trainee_id)
    if fmt not in tabular.FORMATS:
        raise PermissionDenied(f"{fmt!r} is not an export format: use csv or xlsx.")
    show = _shown(request)
    rows = selectors.case_log_rows(selectors.verified_cases(trainee, entered=_SHOWN[show]))
    cells = [row.cells() for row in rows]
    name = f"acgme-case-log-{trainee.username}-{show}.{fmt}"
    if fmt == "csv":
        content = tabular.csv_bytes(core.CASE_LOG_COLUMNS, cells)
    else:
        content = tabular.xlsx_bytes(
            [tabular.Sheet("ACGME Case Log", core.CASE_LOG_COLUMNS, cells)]
        )
    return attachment(content, reporting.CONTENT_TYPES[fmt], name)


def _mark(request: AuthedRequest, case_id: int, *, entered: bool) -> HttpResponse:
    case = selectors.case_to_mark(request.user, case_id)
    if entered:
        services.mark_entered(actor=request.user, case=case)
    else:
        services.unmark_entered(actor=request.user, case=case)
    to = reverse("acgme:case_log", args=[case.trainee_id])
    show = _shown(request)
    return redirect(f"{to}?show={show}" if show != "todo" else to)


@routes.page("cases/<int:case_id>/entered/", name="mark_entered")
@require_POST
def mark_entered(request: AuthedRequest, case_id: int) -> HttpResponse:
    return _mark(request, case_id, entered=True)


@routes.page("cases/<int:case_id>/not-entered/", name="unmark_entered")
@require_POST
def unmark_entered(request: AuthedRequest, case_id: int) -> HttpResponse:
    return _mark(request, case_id, entered=False)


def _period(request: HttpRequest) -> milestone_core.Period:
    today = timezone.localdate()
    try:
        return milestone_core.parse_period(request.GET.get("period", ""))
    except ValueError:
        return milestone_core.period_of(today)


@routes.page("milestones/", name="milestones")
def milestones(request: AuthedRequest) -> HttpResponse:
    if not selectors.leads_a_program(request.user):
        raise PermissionDenied("Only a program's director or coordinator exports milestones.")
    period = _period(request)
    context = {
        "period": period,
        "periods": milestone_core.recent_periods(timezone.localdate(), 6),
        "rows": selectors.milestone_rows(request.user, period),
        "trainees": selectors.trainees_led(request.user),
    }
    return render(request, "acgme/milestones.html", context)


@routes.page("milestones/export.<str:fmt>", name="milestones_export")
def milestones_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    if not selectors.leads_a_program(request.user) or fmt not in tabular.FORMATS:
        raise PermissionDenied("Only a program's director or coordinator exports milestones.")
    period = _period(request)
    rows = selectors.milestone_rows(request.user, period)
    name = f"acgme-milestones-{period.key}.{fmt}"
    if fmt == "csv":
        content = tabular.csv_bytes(core.MILESTONE_COLUMNS, rows)
    else:
        content = tabular.xlsx_bytes([tabular.Sheet("Milestones", core.MILESTONE_COLUMNS, rows)])
    return attachment(content, reporting.CONTENT_TYPES[fmt], name)
