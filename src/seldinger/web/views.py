"""Thin views of the web shell: the home page, a health check and the error pages.

The error pages stand in the site layout and say what to do next; under /api/ an error
is the API's one JSON error body instead (``seldinger.api_errors``).
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from seldinger import api_errors
from seldinger.accounts.models import Role
from seldinger.operations.health import check
from seldinger.web.context_processors import may_open
from seldinger.web.routes import Routes

routes = Routes()


# Which persona card on the home page belongs to each role.
PERSONA_FOR_ROLE: dict[str, str] = {
    Role.STUDENT: "student",
    Role.RESIDENT: "resident",
    Role.FACULTY: "faculty",
    Role.COORDINATOR: "director",
    Role.DIRECTOR: "director",
    Role.DIPLOMATE: "diplomate",
    Role.ADMIN: "admin",
}


@dataclass(frozen=True)
class CardLink:
    label: str
    target: str  # a URL name the navigation knows (who may open it is decided there)
    query: str = ""
    note: str = ""


# The home page's persona cards: who each is for, and the pages it shows.
PERSONA_CARDS: tuple[tuple[str, str, str, tuple[CardLink, ...]], ...] = (
    (
        "student",
        "Student or applicant",
        "Compare the pathways into IR and get a dated timeline to board certification.",
        (
            CardLink("Path planner", "pathways:planner"),
            CardLink("Program directory", "programs:directory"),
            CardLink("Match odds", "match:odds"),
            CardLink("Careers in IR", "careers:overview"),
            CardLink("My applications", "applications:tracker"),
            CardLink("My rank list", "applications:rank_list"),
            CardLink("My plans", "pathways:saved_plans"),
        ),
    ),
    (
        "resident",
        "Resident or fellow",
        "See where your pathway leads and what comes next on the way to board certification.",
        (
            CardLink("Log a case", "caselog:log_case"),
            CardLink("My progress", "caselog:progress"),
            CardLink("Work hours", "workhours:week"),
            CardLink("Milestones", "milestones:index"),
            CardLink("Scholarly activity", "scholarship:home"),
            CardLink("Board exams ahead", "certification:dashboard"),
            CardLink("Compare the pathways", "pathways:planner", query="pathway=all"),
        ),
    ),
    (
        "faculty",
        "Faculty",
        "Verify your residents' cases and rate their milestones.",
        (
            CardLink("Cases to verify", "caselog:verification_queue"),
            CardLink("Milestone evaluations", "milestones:index"),
        ),
    ),
    (
        "director",
        "Program director or coordinator",
        "Follow your cohort's progress, case volumes and work hours, and prepare for the match.",
        (
            CardLink("Cohort progress", "caselog:cohort"),
            CardLink("Work-hour report", "workhours:violations"),
            CardLink("Program directory", "programs:directory", note="edit your profile"),
            CardLink("Your rank lists", "applications:program_lists"),
            CardLink("Practice match", "match:rounds"),
        ),
    ),
    (
        "diplomate",
        "Diplomate",
        "Keep your board certification current: continuing certification, CME and licence "
        "renewals.",
        (
            CardLink("Certification status", "certification:dashboard"),
            CardLink("Licences and calendar feed", "credentials:overview"),
            CardLink("IR jobs", "careers:job_board"),
            CardLink("Pay and careers", "careers:overview"),
        ),
    ),
    (
        "admin",
        "Administrator",
        "Manage users, programs and the training-rule data.",
        (CardLink("Admin site", "admin:index"),),
    ),
)


def _persona_cards(request: HttpRequest) -> list[dict[str, Any]]:
    """Each card with only links that open: a page the user may open; for a visitor, a
    page behind the login goes through the login page and comes back. A logged-in user's
    card for another role keeps the pages they may open and points to their own home."""
    user = request.user
    cards = []
    for key, title, summary, links in PERSONA_CARDS:
        shown = []
        for link in links:
            url = reverse(link.target) + (f"?{link.query}" if link.query else "")
            if may_open(user, link.target):
                shown.append({"label": link.label, "url": url, "note": link.note})
            elif not user.is_authenticated:
                login = f"{reverse('accounts:login')}?{urlencode({'next': url})}"
                shown.append({"label": link.label, "url": login, "note": "log in first"})
        hidden = len(links) - len(shown)
        cards.append(
            {"key": key, "title": title, "summary": summary, "links": shown, "hidden": hidden}
        )
    return cards


@routes.page("", name="home", public=True)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    persona = PERSONA_FOR_ROLE.get(user.role) if user.is_authenticated else None
    context = {"your_persona": persona, "cards": _persona_cards(request)}
    return render(request, "web/home.html", context)


@routes.page("health/", name="health", public=True)
@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database, cache and queue answer, else 503 naming
    the part that does not."""
    state = check()
    return JsonResponse(state.as_json(), status=503 if state.failing else 200)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _refused(
    request: HttpRequest, status: int, template: str, title: str, reason: str = ""
) -> HttpResponse:
    """The error page in the site layout, or under /api/ the API's one error body."""
    if _is_api(request):
        return JsonResponse(api_errors.body(reason or title), status=status)
    return render(
        request,
        template,
        {"reason": reason, "login_url": login_url(request)},
        status=status,
    )


def login_url(request: HttpRequest) -> str:
    """The login page, coming back to this page afterwards."""
    return f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request) and isinstance(exception, MultiPartParserError):
        return JsonResponse(api_errors.unreadable_body(exception), status=400)
    # The exception's text may be a framework's (a suspicious header): not shown.
    return _refused(request, 400, "400.html", "Bad request")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Views raise PermissionDenied with a sentence written for the user.
    reason = str(exception or "") if isinstance(exception, PermissionDenied) else ""
    return _refused(request, 403, "403.html", "Forbidden", reason)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _refused(request, 404, "404.html", "Not Found")


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(api_errors.body("Server error"), status=500)
    # Rendered without a request context: a context processor may be what failed.
    return HttpResponseServerError(get_template("500.html").render())
