"""The jobs' pages: the list, one job with its progress bar (polled by HTMX until the job
ends) and its download."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from seldinger.accounts.requests import AuthedRequest
from seldinger.jobs import selectors
from seldinger.web.routes import Routes

routes = Routes()

PER_PAGE = 25


@routes.page("", name="list")
@require_GET
def job_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.jobs_seen_by(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "jobs/list.html", {"page": page, "keep_days": settings.JOB_KEEP_DAYS})


@routes.page("<uuid:job_id>/", name="detail")
@require_GET
def detail(request: AuthedRequest, job_id: str) -> HttpResponse:
    job = selectors.job_for(request.user, job_id)
    return render(request, "jobs/detail.html", {"state": selectors.state_of(job)})


@routes.page("<uuid:job_id>/state/", name="state")
@require_GET
def state(request: AuthedRequest, job_id: str) -> HttpResponse:
    """The progress part of the job's page, which the page asks for every second."""
    job = selectors.job_for(request.user, job_id)
    return render(request, "jobs/_state.html", {"state": selectors.state_of(job)})


@routes.page("<uuid:job_id>/download/", name="download")
@require_GET
def download(request: AuthedRequest, job_id: str) -> FileResponse:
    job = selectors.job_for(request.user, job_id)
    path = selectors.download_path(job)
    if path is None:
        raise Http404("This job has no file to download.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
