"""JSON API for jobs, saved jobs, pay figures and events. Thin: selectors and services work.

Reading postings, pay and events is public. Posting jobs is for employers
(403 for other roles); changing a posting for its employer (403 for anyone
else, 404 for an unknown or closed one). Saved jobs are their owner's alone
(404 for anyone else's).
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    PlausibleDate,
    RecordId,
    SearchText,
    label_of,
    model_field,
    page_of,
    paged,
    schema_of,
)
from seldinger.careers import pay, selectors, services
from seldinger.careers.models import CommunityEvent, JobPosting, SavedJob
from seldinger.careers.selectors import JobFilters

router = Router(tags=["careers"])


class JobOut(Schema):
    id: int
    title: str
    organisation: str
    setting: str
    setting_label: str = label_of("setting")
    subspecialty: str
    subspecialty_label: str = label_of("subspecialty")
    city: str
    state: str
    call: str
    salary_min: int | None
    salary_max: int | None
    start_date: dt.date | None
    description: str
    contact: str
    is_open: bool
    is_synthetic: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class JobIn(Schema):
    title: str = model_field(JobPosting, "title")
    organisation: str = model_field(JobPosting, "organisation")
    setting: str = model_field(JobPosting, "setting")
    subspecialty: str = model_field(
        JobPosting, "subspecialty", default=JobPosting.Subspecialty.GENERAL
    )
    city: str = model_field(JobPosting, "city")
    state: str = model_field(JobPosting, "state")
    call: str = model_field(JobPosting, "call", default="")
    salary_min: int | None = model_field(JobPosting, "salary_min", default=None)
    salary_max: int | None = model_field(JobPosting, "salary_max", default=None)
    start_date: PlausibleDate | None = None
    description: str = model_field(JobPosting, "description")
    contact: str = model_field(JobPosting, "contact")
    is_open: bool = True


class JobPatch(Schema):
    title: str | None = model_field(JobPosting, "title", default=None)
    organisation: str | None = model_field(JobPosting, "organisation", default=None)
    setting: str | None = model_field(JobPosting, "setting", default=None)
    subspecialty: str | None = model_field(JobPosting, "subspecialty", default=None)
    city: str | None = model_field(JobPosting, "city", default=None)
    state: str | None = model_field(JobPosting, "state", default=None)
    call: str | None = model_field(JobPosting, "call", default=None)
    salary_min: int | None = model_field(JobPosting, "salary_min", default=None)
    salary_max: int | None = model_field(JobPosting, "salary_max", default=None)
    start_date: PlausibleDate | None = None
    description: str | None = model_field(JobPosting, "description", default=None)
    contact: str | None = model_field(JobPosting, "contact", default=None)
    is_open: bool | None = model_field(JobPosting, "is_open", default=None)


class JobFiltersIn(Schema):
    setting: str = model_field(JobPosting, "setting", default="")
    subspecialty: str = model_field(JobPosting, "subspecialty", default="")
    state: str = model_field(JobPosting, "state", default="")
    min_salary: int | None = model_field(JobPosting, "salary_min", default=None)
    text: SearchText = ""


class SavedJobOut(Schema):
    id: int
    job: JobOut
    status: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_job(obj: SavedJob) -> JobPosting:
        return obj.posting


class SavedJobIn(Schema):
    job_id: RecordId
    status: str = model_field(SavedJob, "status", default=SavedJob.Status.SAVED)
    notes: str = model_field(SavedJob, "notes", default="")


class SavedJobPatch(Schema):
    status: str | None = model_field(SavedJob, "status", default=None)
    notes: str | None = model_field(SavedJob, "notes", default=None)


# The pay figures as the rule data's records give them.
if TYPE_CHECKING:
    SourcedAverageOut = Schema
    DifferentialOut = Schema
    GrowthOut = Schema
    SeedRangeOut = Schema
    SourceOut = Schema
else:
    SourcedAverageOut = schema_of(pay.SourcedAverage, "SourcedAverageOut")
    DifferentialOut = schema_of(pay.Differential, "DifferentialOut")
    GrowthOut = schema_of(pay.Growth, "GrowthOut")
    SeedRangeOut = schema_of(pay.SeedRange, "SeedRangeOut")
    SourceOut = schema_of(pay.SourceRef, "SourceOut")


class PayOut(Schema):
    sourced_averages: list[SourcedAverageOut]
    differentials: list[DifferentialOut]
    growth: list[GrowthOut]
    sources: list[SourceOut]
    unsourced_seed_ranges: list[SeedRangeOut]
    unsourced_note: str


class EventOut(Schema):
    id: int
    title: str
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    audiences: list[str]
    description: str
    url: str
    dates_are_examples: bool


@router.get("/jobs", response=page_of(JobOut), summary="Search open IR positions (newest first)")
def list_jobs(request: HttpRequest, filters: Query[JobFiltersIn], page: Query[PageIn]) -> object:
    postings = selectors.search_postings(
        JobFilters(
            setting=filters.setting,
            subspecialty=filters.subspecialty,
            state=filters.state.strip().upper(),
            min_salary=filters.min_salary,
            text=filters.text,
        )
    )
    return Status(200, paged(postings, page))


@router.get("/jobs/mine", response=page_of(JobOut), auth=logged_in, summary="My postings")
def my_jobs(request: AuthedRequest, page: Query[PageIn]) -> object:
    return Status(200, paged(selectors.postings_of(request.user), page))


@router.get("/jobs/{job_id}", response=JobOut, summary="One job posting")
def get_job(request: HttpRequest, job_id: RecordId) -> object:
    return Status(200, selectors.get_posting(request.user, job_id))


@router.post(
    "/jobs",
    response={201: JobOut, 400: ErrorOut, 403: ErrorOut},
    auth=logged_in,
    summary="Post a job (employers)",
)
def create_job(request: AuthedRequest, payload: JobIn) -> object:
    posting = services.create_posting(employer=request.user, **payload.dict())
    return Status(201, posting)


@router.patch(
    "/jobs/{job_id}",
    response={200: JobOut, 400: ErrorOut, 403: ErrorOut},
    auth=logged_in,
    summary="Change my posting",
)
def update_job(request: AuthedRequest, job_id: RecordId, payload: JobPatch) -> object:
    posting = selectors.get_own_posting(request.user, job_id)
    posting = services.update_posting(
        actor=request.user, posting=posting, **payload.dict(exclude_unset=True)
    )
    return Status(200, posting)


@router.delete(
    "/jobs/{job_id}",
    response={204: None, 403: ErrorOut},
    auth=logged_in,
    summary="Delete my posting",
)
def delete_job(request: AuthedRequest, job_id: RecordId) -> object:
    posting = selectors.get_own_posting(request.user, job_id)
    services.delete_posting(actor=request.user, posting=posting)
    return Status(204, None)


@router.get("/saved", response=page_of(SavedJobOut), auth=logged_in, summary="My saved jobs")
def my_saved_jobs(request: AuthedRequest, page: Query[PageIn]) -> object:
    return Status(200, paged(selectors.saved_jobs_of(request.user), page))


@router.post(
    "/saved",
    response={201: SavedJobOut, 400: ErrorOut, 404: ErrorOut},
    auth=logged_in,
    summary="Save a job",
    description="A posting the caller cannot see, or none with `job_id`, answers 404.",
)
def save_job(request: AuthedRequest, payload: SavedJobIn) -> object:
    posting = selectors.get_posting(request.user, payload.job_id)
    saved = services.save_job(
        owner=request.user, posting=posting, status=payload.status, notes=payload.notes
    )
    return Status(201, saved)


@router.get("/saved/{saved_id}", response=SavedJobOut, auth=logged_in, summary="A saved job")
def get_saved_job(request: AuthedRequest, saved_id: RecordId) -> object:
    return Status(200, selectors.get_saved_job(request.user, saved_id))


@router.patch(
    "/saved/{saved_id}",
    response={200: SavedJobOut, 400: ErrorOut},
    auth=logged_in,
    summary="Change a saved job's status or notes",
)
def update_saved_job(request: AuthedRequest, saved_id: RecordId, payload: SavedJobPatch) -> object:
    saved = selectors.get_saved_job(request.user, saved_id)
    saved = services.update_saved_job(
        actor=request.user, saved=saved, status=payload.status, notes=payload.notes
    )
    return Status(200, saved)


@router.delete(
    "/saved/{saved_id}", response={204: None}, auth=logged_in, summary="Remove a saved job"
)
def remove_saved_job(request: AuthedRequest, saved_id: RecordId) -> object:
    saved = selectors.get_saved_job(request.user, saved_id)
    services.remove_saved_job(actor=request.user, saved=saved)
    return Status(204, None)


@router.get("/pay", response=PayOut, summary="Pay figures with their sources (rule data)")
def pay_figures(request: HttpRequest) -> object:
    figures = selectors.pay_overview()
    return Status(
        200,
        {
            "sourced_averages": list(figures.averages),
            "differentials": list(figures.differentials),
            "growth": list(figures.growth),
            "sources": list(figures.sources),
            "unsourced_seed_ranges": list(figures.seed_ranges),
            "unsourced_note": (
                "UNSOURCED: seed 004's ranges name no source; not comparable with the "
                "sourced figures."
            ),
        },
    )


@router.get(
    "/events",
    response=page_of(EventOut),
    summary="Upcoming community events",
    description="For the logged-in user's personas; everyone's with all=true or without a login.",
)
def events(request: HttpRequest, page: Query[PageIn], all: bool = False) -> object:
    found: list[CommunityEvent] = selectors.events_for(
        request.user, today=timezone.localdate(), show_all=all
    )
    return Status(200, paged(found, page))
