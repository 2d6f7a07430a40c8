"""Thin views of the web shell: the home page, a health check and the error pages."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from seldinger.accounts.models import Role
from seldinger.operations.health import check
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


@routes.page("", name="home", public=True)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    persona = PERSONA_FOR_ROLE.get(user.role) if user.is_authenticated else None
    return render(request, "web/home.html", {"your_persona": persona})


@routes.page("health/", name="health", public=True)
@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database, cache and queue answer, else 503 naming
    the part that does not."""
    state = check()
    return JsonResponse(state.as_json(), status=503 if state.failing else 200)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: a context processor may be what failed.
    return HttpResponseServerError(get_template("500.html").render())
