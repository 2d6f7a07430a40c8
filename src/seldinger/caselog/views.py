"""Logging, editing and verifying cases on the web. Thin: selectors decide who sees what,
services make (and audit) every change."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedHtmxRequest, AuthedRequest
from seldinger.audit.models import AuditEntry
from seldinger.caselog import queue_rows, selectors, selectors_dose, services
from seldinger.caselog.catalogue import Catalogue, Procedure
from seldinger.caselog.fields import HISTORY_LABELS
from seldinger.caselog.forms import (
    CaseFilterForm,
    CaseForm,
    ReturnForm,
    case_initial,
    latest_cases,
    may_log_cases,
    new_case_initial,
    recent_procedures,
)
from seldinger.caselog.models import AgeBand, CaseEntry, CaseRole, Complication, Modality
from seldinger.web.routes import Routes

routes = Routes()


PAGE_SIZE = 25
SEARCH_LIMIT = 8
READ_ONLY_MESSAGE = "This case is verified and read-only."

CHOICE_LABELS: dict[str, dict[str, str]] = {
    "role": dict(CaseRole.choices),
    "modality": dict(Modality.choices),
    "age_band": dict(AgeBand.choices),
    "complication": dict(Complication.choices),
    "status": dict(CaseEntry.Status.choices),
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _catalogue() -> Catalogue:
    return selectors.catalogue(timezone.localdate())


def _procedure_name(catalogue: Catalogue, key: str) -> str:
    procedure = catalogue.get(key)
    return procedure.name if procedure else key


def _rows(cases: Any, catalogue: Catalogue) -> list[dict[str, Any]]:
    return [
        {"case": case, "procedure": _procedure_name(catalogue, case.procedure_key)}
        for case in cases
    ]


# Logging a case -------------------------------------------------------------------------


def _procedure_choices(form: CaseForm, trainee: User) -> dict[str, Any]:
    """The radio list under the procedure field: matches of what was typed, else recent ones."""
    catalogue = form.catalogue
    selected = form.selected_procedure()
    query = str(form["procedure_query"].value() or "").strip()
    if form.procedure_matches:
        heading, found = "Matching procedures", form.procedure_matches
    elif query:
        heading, found = "Matching procedures", catalogue.search(query, limit=SEARCH_LIMIT)
    else:
        heading, found = "Your recent procedures", recent_procedures(trainee, catalogue)
    procedures: list[Procedure] = []
    chosen = catalogue.get(selected) if selected else None
    if chosen is not None:
        procedures.append(chosen)
        heading = "Chosen procedure" if not found else heading
    procedures.extend(item for item in found if item.key != selected)
    return {
        "procedures": procedures,
        "heading": heading,
        "selected": selected,
        "query": query if form.is_bound else "",
    }


def _require_trainee(request: AuthedRequest) -> None:
    if not may_log_cases(request.user):
        raise PermissionDenied("Only residents and fellows keep a case log.")


@routes.page("", name="log_case")
def log_case(request: AuthedRequest) -> HttpResponse:
    """The quick log form; after saving, "Case logged" and an empty form for the next case."""
    _require_trainee(request)
    trainee = request.user
    today = timezone.localdate()
    catalogue = _catalogue()
    status = 200
    if request.method == "POST":
        form = CaseForm(request.POST, trainee=trainee, catalogue=catalogue, today=today)
        if form.is_valid() and form.case_data is not None:
            case = services.log_case(
                trainee=trainee, data=form.case_data, source=CaseEntry.Source.WEB
            )
            messages.success(
                request,
                f"Case logged: {_procedure_name(catalogue, case.procedure_key)}, "
                f"{case.performed_on:%b} {case.performed_on.day}, {case.performed_on.year}.",
            )
            return redirect("caselog:log_case")
        status = 400
    else:
        form = CaseForm(trainee=trainee, catalogue=catalogue, today=today)
    recent = latest_cases(trainee)
    if not form.is_bound:
        # The latest case and the form's supervisors give the defaults: no query again.
        form.initial = new_case_initial(
            trainee,
            today,
            latest=recent[0] if recent else None,
            supervisors={user.username for user in form.supervisors},
        )
    context = {
        "form": form,
        "choices": _procedure_choices(form, trainee),
        "recent_cases": _rows(recent, catalogue),
        "editing": None,
    }
    return render(request, "caselog/case_form.html", context, status=status)


@routes.page("procedures/", name="procedure_search")
@require_GET
def procedure_search(request: AuthedRequest) -> HttpResponse:
    """Search-as-you-type: a short list of procedures to choose (radio buttons)."""
    catalogue = _catalogue()
    query = (request.GET.get("procedure_query") or request.GET.get("q") or "").strip()[:200]
    selected = request.GET.get("procedure", "")
    if query:
        heading, procedures = "Matching procedures", catalogue.search(query, limit=SEARCH_LIMIT)
    else:
        heading, procedures = "Your recent procedures", recent_procedures(request.user, catalogue)
    context = {"procedures": procedures, "heading": heading, "selected": selected, "query": query}
    return render(request, "caselog/_procedure_choices.html", context)


# One's own cases ------------------------------------------------------------------------


def _history(case: CaseEntry, catalogue: Catalogue) -> list[dict[str, Any]]:
    """The audit trail of a case, oldest first, as readable changes."""
    entries = AuditEntry.objects.filter(
        record_type=CaseEntry._meta.label, record_id=str(case.pk)
    ).select_related("actor")
    history = []
    for entry in entries.order_by("at", "id"):
        before, after = entry.before or {}, entry.after or {}
        changes = []
        if entry.action == AuditEntry.Action.UPDATE:
            for name, label in HISTORY_LABELS.items():
                if before.get(name) != after.get(name):
                    changes.append(
                        {
                            "label": label,
                            "before": _shown(catalogue, name, before.get(name)),
                            "after": _shown(catalogue, name, after.get(name)),
                        }
                    )
        if entry.action == AuditEntry.Action.CREATE:
            summary = "Logged"
        elif after.get("status") == CaseEntry.Status.VERIFIED != before.get("status"):
            summary = "Verified"
        elif after.get("status") == CaseEntry.Status.RETURNED != before.get("status"):
            summary = "Returned for correction"
        else:
            summary = entry.get_action_display()
        history.append({"entry": entry, "summary": summary, "changes": changes})
    return history


def _shown(catalogue: Catalogue, name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "procedure_key":
        return _procedure_name(catalogue, str(value))
    return CHOICE_LABELS.get(name, {}).get(str(value), str(value))


def _detail_context(request: HttpRequest, case: CaseEntry) -> dict[str, Any]:
    catalogue = _catalogue()
    user = request.user
    return {
        "case": case,
        "procedure": catalogue.get(case.procedure_key),
        "procedure_name": _procedure_name(catalogue, case.procedure_key),
        "is_own": case.trainee_id == user.pk,
        "can_edit": case.trainee_id == user.pk and not case.is_verified,
        "can_verify": case.supervisor_id == user.pk and case.status == CaseEntry.Status.PENDING,
        "history": _history(case, catalogue),
        "dose_flags": selectors_dose.case_flags(case),
        "follow_up": selectors_dose.FOLLOW_UP,
    }


def _read_only(request: HttpRequest, case: CaseEntry) -> HttpResponse:
    """A verified case cannot change: say so on its page, with 409 Conflict."""
    context = {**_detail_context(request, case), "error": READ_ONLY_MESSAGE}
    return render(request, "caselog/case_detail.html", context, status=409)


@routes.page("<int:case_id>/", name="case_detail")
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_visible_case(request.user, case_id)
    return render(request, "caselog/case_detail.html", _detail_context(request, case))


@routes.page("<int:case_id>/edit/", name="edit_case")
def edit_case(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_own_case(request.user, case_id)
    if case.is_verified:
        return _read_only(request, case)
    today = timezone.localdate()
    catalogue = _catalogue()
    status = 200
    if request.method == "POST":
        form = CaseForm(request.POST, trainee=case.trainee, catalogue=catalogue, today=today)
        if form.is_valid() and form.case_data is not None:
            was_returned = case.status == CaseEntry.Status.RETURNED
            try:
                services.update_case(actor=request.user, case=case, data=form.case_data)
            except services.CaseLogError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    "Case updated and sent back for verification."
                    if was_returned
                    else "Case updated.",
                )
            return redirect("caselog:case_detail", case_id=case.pk)
        status = 400
    else:
        form = CaseForm(
            initial=case_initial(case, catalogue),
            trainee=case.trainee,
            catalogue=catalogue,
            today=today,
        )
    context = {
        "form": form,
        "choices": _procedure_choices(form, case.trainee),
        "editing": case,
        "recent_cases": [],
    }
    return render(request, "caselog/case_form.html", context, status=status)


@routes.page("<int:case_id>/delete/", name="delete_case")
def delete_case(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_own_case(request.user, case_id)
    if case.is_verified:
        return _read_only(request, case)
    if request.method == "POST":
        try:
            services.delete_case(actor=request.user, case=case)
        except services.CaseLogError as error:
            messages.error(request, str(error))
            return redirect("caselog:case_detail", case_id=case.pk)
        messages.success(request, "Case deleted.")
        return redirect("caselog:my_cases")
    context = {"case": case, "procedure_name": _procedure_name(_catalogue(), case.procedure_key)}
    return render(request, "caselog/case_confirm_delete.html", context)


def _case_list(
    request: HttpRequest, cases: Any, *, trainee: User, own: bool, title: str
) -> HttpResponse:
    catalogue = _catalogue()
    filters = CaseFilterForm(request.GET or None, catalogue=catalogue)
    cases = filters.filter(cases) if filters.is_bound else cases
    page = Paginator(queue_rows.case_values(cases, "supervisor"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "title": title,
        "trainee": trainee,
        "own": own,
        "filters": filters,
        "page": page,
        "rows": queue_rows.case_rows(page.object_list, catalogue, "supervisor"),
    }
    return render(request, "caselog/case_list.html", context)


@routes.page("mine/", name="my_cases")
def my_cases(request: AuthedRequest) -> HttpResponse:
    return _case_list(
        request,
        selectors.cases_of(request.user),
        trainee=request.user,
        own=True,
        title="My cases",
    )


@routes.page("trainee/<str:username>/", name="trainee_cases")
def trainee_cases(request: AuthedRequest, username: str) -> HttpResponse:
    """A trainee's log, read-only, for their program's director, coordinator or an admin."""
    trainee = get_object_or_404(User, username=username)
    if not selectors.can_view_log_of(request.user, trainee):
        raise Http404("No such trainee among those whose logs you can see.")
    if trainee.pk == request.user.pk:
        return redirect("caselog:my_cases")
    # Whoever may see the whole log sees every case in it.
    cases = selectors.cases_of(trainee)
    name = trainee.get_full_name() or trainee.username
    return _case_list(request, cases, trainee=trainee, own=False, title=f"Cases of {name}")


# Verification ---------------------------------------------------------------------------


@routes.page("verify/", name="verification_queue")
def verification_queue(request: AuthedRequest) -> HttpResponse:
    catalogue = _catalogue()
    # A page at a time, as the case lists: a busy supervisor's queue holds hundreds of cases.
    order = request.GET.get("order", "")
    if order not in selectors.QUEUE_ORDERS:
        order = "oldest"
    queue = queue_rows.case_values(
        selectors.verification_queue(request.user, order=order), "trainee"
    )
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    trainees = access.trainees_led_by(request.user).order_by("last_name", "username")
    rows = queue_rows.case_rows(page.object_list, catalogue, "trainee")
    context = {"rows": rows, "page": page, "led_trainees": trainees, "order": order}
    return render(request, "caselog/verification_queue.html", context)


def _case_ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _plural(count: int) -> str:
    return f"{count} case" if count == 1 else f"{count} cases"


@routes.page("verify/selected/", name="verify_selected")
@require_POST
def verify_selected(request: AuthedRequest) -> HttpResponse:
    """Bulk verify: the checked cases among those that name the user and await verification."""
    ids = _case_ids(request.POST.getlist("case_ids"))
    if not ids:
        messages.error(request, "Choose at least one case to verify.")
    else:
        count = services.verify_cases(faculty=request.user, case_ids=ids)
        messages.success(request, f"Verified {_plural(count)}.")
    queue = reverse("caselog:verification_queue")
    # Back to the queue in the order it was shown.
    return redirect(f"{queue}?order=newest" if request.POST.get("order") == "newest" else queue)


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@routes.page("<int:case_id>/verify/", name="verify_case")
@require_POST
def verify_case(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    """One-click verify; for HTMX, the queue row saying so."""
    case = selectors.get_visible_case(request.user, case_id)
    count = services.verify_cases(faculty=request.user, case_ids=[case.pk])
    error = "" if count else "Not verified: this case is not awaiting your verification."
    if request.htmx:
        row = queue_rows.queue_row(case.pk, _catalogue())
        return render(request, "caselog/_queue_row.html", {"row": row, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Case verified.")
    return redirect(_next_url(request, reverse("caselog:verification_queue")))


@routes.page("<int:case_id>/return/", name="return_case")
def return_case(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Send a case back to the trainee with a required comment."""
    case = selectors.get_visible_case(request.user, case_id)
    if case.supervisor_id != request.user.pk:
        raise PermissionDenied("Only the supervisor named on a case can return it.")
    if case.status != CaseEntry.Status.PENDING:
        messages.error(request, "Only cases awaiting verification can be returned.")
        return redirect("caselog:case_detail", case_id=case.pk)
    status = 200
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            try:
                services.return_case(
                    faculty=request.user, case=case, comment=form.cleaned_data["comment"]
                )
            except services.CaseLogError as error:
                form.add_error("comment", str(error))
            else:
                name = case.trainee.get_full_name() or case.trainee.username
                messages.success(request, f"Case returned to {name}.")
                return redirect("caselog:verification_queue")
        status = 400
    else:
        form = ReturnForm()
    context = {
        "case": case,
        "procedure_name": _procedure_name(_catalogue(), case.procedure_key),
        "form": form,
    }
    return render(request, "caselog/case_return.html", context, status=status)
