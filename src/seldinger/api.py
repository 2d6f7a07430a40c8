"""The JSON API: one django-ninja router per app, mounted here."""

from ninja import NinjaAPI

from seldinger import __version__
from seldinger.caselog import api as caselog_api
from seldinger.caselog import api_progress as caselog_progress_api
from seldinger.caselog import api_transfer as caselog_transfer_api
from seldinger.pathways.api import router as pathways_router

api = NinjaAPI(
    title="Seldinger API",
    version=__version__,
    description="Interventional radiology training: pathways, plans and (later) training records.",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/pathways/", pathways_router)
api.add_router("/caselog/", caselog_api.router)
api.add_router("/caselog/", caselog_transfer_api.router)
api.add_router("/caselog/", caselog_progress_api.router)
