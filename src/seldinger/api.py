"""The JSON API: one django-ninja router per app, mounted here, and its one error handler."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from seldinger import __version__
from seldinger.api_errors import (
    REFUSALS,
    ErrorOut,
    JsonObjectParser,
    error_status_and_body,
    refusals_of,
)
from seldinger.applications.api import router as applications_router
from seldinger.careers.api import router as careers_router
from seldinger.caselog import api as caselog_api
from seldinger.caselog import api_progress as caselog_progress_api
from seldinger.caselog import api_transfer as caselog_transfer_api
from seldinger.certification import api as certification_api
from seldinger.credentials.api import router as credentials_router
from seldinger.home.api import router as home_router
from seldinger.jobs.api import router as jobs_router
from seldinger.match import api as match_api
from seldinger.match import api_odds as match_odds_api
from seldinger.match import api_rounds as match_rounds_api
from seldinger.milestones.api import router as milestones_router
from seldinger.pathways.api import router as pathways_router
from seldinger.people.api import router as people_router
from seldinger.programs.api import router as programs_router
from seldinger.scholarship.api import router as scholarship_router
from seldinger.workhours.api import router as workhours_router


class SeldingerAPI(NinjaAPI):
    """The API whose OpenAPI document declares, for every operation, the refusals it can
    give by what it has (``api_errors.refusals_of``), each with the one error body, and that
    an optional login (``SessionIfAny``) may also be no login at all."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components.setdefault("ErrorOut", error_schema)
        error = {
            "description": "The request was refused",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for path in schema["paths"].values():
            for method, operation in path.items():
                for status in refusals_of(method, operation):
                    operation["responses"].setdefault(status, error)
                security = operation.get("security")
                if security and {"SessionIfAny": []} in security:
                    security.append({})
        return schema


class VendoredSwagger(Swagger):
    """``/api/docs`` drawn by the Swagger UI shipped in Seldinger's static files and started
    by a static script, so that it loads nothing from another site and runs under the
    Content-Security-Policy (no inline script)."""

    default_settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


api = SeldingerAPI(
    title="Seldinger API",
    version=__version__,
    description="Interventional radiology training: pathways, plans and training records.",
    docs_url="/docs",
    docs=VendoredSwagger(),
    openapi_url="/openapi.json",
    parser=JsonObjectParser(),
)
api.add_router("/pathways/", pathways_router)
api.add_router("/caselog/", caselog_api.router)
api.add_router("/caselog/", caselog_transfer_api.router)
api.add_router("/caselog/", caselog_progress_api.router)
api.add_router("/programs/", programs_router, tags=["programs"])
api.add_router("/applications/", applications_router, tags=["applications"])
api.add_router("/match/", match_api.router, tags=["match"])
api.add_router("/match/", match_rounds_api.router, tags=["match"])
api.add_router("/match/", match_odds_api.router, tags=["match"])
api.add_router("/certification/", certification_api.router, tags=["certification"])
api.add_router("/careers/", careers_router, tags=["careers"])
api.add_router("/credentials/", credentials_router, tags=["credentials"])
api.add_router("/workhours/", workhours_router, tags=["work hours"])
api.add_router("/scholarship/", scholarship_router, tags=["scholarly activity"])
api.add_router("/milestones/", milestones_router, tags=["milestones"])
api.add_router("/jobs/", jobs_router, tags=["jobs"])
api.add_router("/me/", home_router, tags=["home"])
api.add_router("/accounts/", people_router)


def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Every refusal, from a service, ninja or Django, as the one error body."""
    status, body = error_status_and_body(exc)
    return api.create_response(request, body, status=status)


for refusal in REFUSALS:
    api.exception_handler(refusal)(_refused)
