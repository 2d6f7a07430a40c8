"""Progress and cohort over the JSON API: the same figures as ``seldinger progress``."""

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from ninja import Router, Schema

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import PlausibleDate, SearchText, schema_of
from seldinger.caselog import selectors_progress as selectors
from seldinger.caselog.progress import RequirementProgress
from seldinger.errors import Forbidden

router = Router(tags=["case log"])

PROJECTION = (
    "projected_at_graduation = done + (cases counting toward the requirement in the last 365 "
    "days, or since the training start if later) / (days in that window) x (days from as_of to "
    "the graduation date), rounded down; null when no graduation date is recorded."
)


# A requirement's figures as the API shows them: not its pace nor its definition; the cohort
# adds where each resident stands.
_NOT_SHOWN = ("pace_cases", "pace_per_month", "source", "category", "roles", "note")
if TYPE_CHECKING:
    RequirementProgressOut = Schema
    CohortRequirementOut = Schema
else:
    RequirementProgressOut = schema_of(
        RequirementProgress, "RequirementProgressOut", exclude=(*_NOT_SHOWN, "status", "shortfall")
    )
    CohortRequirementOut = schema_of(
        RequirementProgress, "CohortRequirementOut", exclude=_NOT_SHOWN
    )


class ProgressOut(Schema):
    trainee: str
    as_of: dt.date
    total_cases: int
    requirements: list[RequirementProgressOut]
    by_category: dict[str, int]


class CohortResidentOut(Schema):
    trainee: str
    name: str
    program: str | None
    training_start: dt.date | None
    graduation: dt.date | None
    esir: bool
    total_cases: int
    requirements: list[CohortRequirementOut]
    behind: bool


class CohortOut(Schema):
    as_of: dt.date
    residents: list[CohortResidentOut]
    behind: int


@router.get(
    "/progress",
    response=ProgressOut,
    auth=logged_in,
    summary="My progress against requirements",
    description=PROJECTION,
)
def my_progress(request: AuthedRequest, as_of: PlausibleDate | None = None) -> object:
    return selectors.trainee_progress(request.user, as_of=as_of).as_dict()


@router.get(
    "/progress/{username}",
    response={200: ProgressOut, 404: ErrorOut},
    auth=logged_in,
    summary="A trainee's progress (yourself, or a trainee of a program you lead)",
    description=PROJECTION,
)
def progress_of(
    request: AuthedRequest, username: SearchText, as_of: PlausibleDate | None = None
) -> object:
    trainee = selectors.viewable_trainee(request.user, username)
    return selectors.trainee_progress(trainee, as_of=as_of).as_dict()


@router.get(
    "/cohort",
    response={200: CohortOut, 403: ErrorOut},
    auth=logged_in,
    summary="Residents of the programs you lead, with their progress and who is behind",
)
def cohort(request: AuthedRequest, as_of: PlausibleDate | None = None) -> object:
    if not selectors.may_see_cohort(request.user):
        raise Forbidden("The cohort is for program directors and coordinators.")
    as_of = as_of or timezone.localdate()
    return selectors.cohort_as_dict(selectors.cohort(request.user, as_of=as_of), as_of=as_of)
