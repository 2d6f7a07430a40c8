"""JSON API: the user's background jobs and how each stands."""

import datetime as dt
import uuid
from typing import Any

from ninja import Query, Router, Schema

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import PageIn, page_of, paged
from seldinger.jobs import selectors

router = Router(tags=["jobs"], auth=logged_in)


class JobStageOut(Schema):
    label: str
    done: int
    total: int | None
    percent: int | None


class BackgroundJobOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    status: str
    finished: bool
    progress: JobStageOut | None
    percent: int | None
    message: str
    error: str
    link: str
    link_text: str
    download: str
    details: dict[str, Any]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


JOB_DESCRIPTION = (
    "`status`: queued, running, succeeded or failed. While running, `progress` says what "
    "the job is doing (`label`, `done` of `total`, `percent`); poll about once a second. "
    "When it succeeded, `message` says what it did, `details` holds its figures, `link` "
    "where to look and `download` its file (if any); when it failed, `error` says why "
    "(nothing half-written is kept)."
)


@router.get("/", response=page_of(BackgroundJobOut), summary="My background jobs, newest first")
def list_jobs(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(
        selectors.jobs_seen_by(request.user),
        page,
        lambda job: selectors.state_of(job).as_dict(),
    )


@router.get(
    "/{job_id}",
    response={200: BackgroundJobOut, 404: ErrorOut},
    summary="One background job",
    description=JOB_DESCRIPTION,
)
def get_job(request: AuthedRequest, job_id: uuid.UUID) -> object:
    return selectors.state_of(selectors.job_for(request.user, job_id)).as_dict()
