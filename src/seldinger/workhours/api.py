"""JSON API for work hours. Thin: the same selectors and services as the web pages,
so the two never disagree (nor with ``seldinger hours check``)."""

import datetime as dt
from typing import Annotated

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    PlausibleDate,
    PlausibleDateTime,
    RecordEndpoints,
    SearchText,
    model_field,
    page_of,
    paged,
)
from seldinger.workhours import selectors, services
from seldinger.workhours.models import JUSTIFICATION_MAX_LENGTH, ShiftEntry, ViolationJustification
from seldinger.workhours.selectors import ViolationView

router = Router(tags=["work hours"], auth=logged_in)


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# An input time: one without an offset is in the site's time zone.
LocalDateTime = Annotated[PlausibleDateTime, AfterValidator(_aware)]
# A shift's time as the API shows it: in the site's time zone.
SiteDateTime = Annotated[dt.datetime, AfterValidator(timezone.localtime)]


class ShiftIn(Schema):
    start: LocalDateTime = Field(description="ISO 8601; without an offset, the site's time zone")
    end: LocalDateTime = Field(description="ISO 8601; without an offset, the site's time zone")
    kind: str = model_field(
        ShiftEntry,
        "kind",
        default="clinical",
        description="clinical, call (in-house call), home-call (at-home call, not called in: "
        "breaks a day off, counts no hours), home-call-work (time worked on home call), "
        "moonlighting or education",
    )
    note: str = model_field(ShiftEntry, "note", default="")


class ShiftOut(Schema):
    id: int
    resident: str = Field(alias="resident.username")
    start: SiteDateTime
    end: SiteDateTime
    hours: Annotated[float, AfterValidator(lambda hours: round(hours, 4))]
    kind: str
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime


class _FindingOut(Schema):
    """Whose hours a violation or a warning is about, and the rule it names."""

    resident: str = Field(alias="resident.username")
    rule: str
    rule_title: str = Field(alias="info.title")
    rule_text: str = Field(alias="info.text")
    rule_source: str = Field(alias="info.source")


class ViolationOut(_FindingOut):
    start: dt.datetime
    end: dt.datetime
    detail: str
    justified: bool
    justification: str | None

    @staticmethod
    def resolve_justification(obj: ViolationView) -> str | None:
        return obj.justification.text if obj.justification else None


class WarningOut(_FindingOut):
    start: dt.datetime = Field(description="the 4-week period's start")
    end: dt.datetime = Field(description="the 4-week period's end (midnight after its last day)")
    headline: str
    detail: str
    hours_left: float | None = Field(description="80-hour: hours left to stay within the limit")
    days_off_needed: int | None = Field(description="one-day-in-seven: days off still needed")
    call_nights_left: int | None = Field(description="call-frequency: call nights still allowed")


class CheckOut(Schema):
    violations: list[ViolationOut]
    warnings: list[WarningOut]


class JustifyIn(Schema):
    rule: str = model_field(ViolationJustification, "rule")
    start: LocalDateTime
    end: LocalDateTime
    text: str = Field(max_length=JUSTIFICATION_MAX_LENGTH)


@router.get(
    "/shifts",
    response=page_of(ShiftOut),
    summary="My shifts",
    description="My logged shifts, optionally those overlapping [date_from, date_to].",
)
def list_shifts(
    request: AuthedRequest,
    page: Query[PageIn],
    date_from: PlausibleDate | None = None,
    date_to: PlausibleDate | None = None,
) -> object:
    shifts = selectors.shifts_of(request.user).select_related("resident")
    if date_from:
        shifts = shifts.filter(end__gt=selectors.local_midnight(date_from))
    if date_to:
        shifts = shifts.filter(start__lt=selectors.local_midnight(date_to + dt.timedelta(days=1)))
    return Status(200, paged(shifts, page))


@router.post(
    "/shifts",
    response={201: ShiftOut, 400: ErrorOut, 403: ErrorOut},
    summary="Log a shift (any date: back-entry is allowed and audited)",
)
def create_shift(request: AuthedRequest, payload: ShiftIn) -> object:
    shift = services.create_shift(resident=request.user, **payload.dict())
    return Status(201, shift)


one_shift = RecordEndpoints(
    router, "/shifts/{int:shift_id}", ShiftOut, find=selectors.get_own_shift, refusals={404}
)
one_shift.get("get_shift", "One of my shifts")
one_shift.change("update_shift", ShiftIn, services.update_shift, "Change one of my shifts")
one_shift.delete("delete_shift", services.delete_shift, "Delete one of my shifts")


@router.get(
    "/violations",
    response={200: page_of(ViolationOut), 404: ErrorOut},
    summary="Work-hour violations: mine; directors and coordinators: their residents'",
    description=(
        "Recomputed from the logged shifts. resident narrows to one resident (404 if you "
        "may not see them); rule to one rule key (80-hour, one-day-in-seven, 24+4, "
        "rest-between-periods, rest-after-24h-call, call-frequency, pgy1-moonlighting). "
        "Checked as of today; warnings for 4-week periods not over yet are at /check."
    ),
)
def list_violations(
    request: AuthedRequest,
    page: Query[PageIn],
    resident: SearchText | None = None,
    rule: SearchText | None = None,
) -> object:
    found = selectors.visible_violations(request.user, resident=resident, rule=rule)
    return Status(200, paged(found, page))


@router.get(
    "/check",
    response={200: CheckOut, 404: ErrorOut},
    summary="Violations and warnings ('on track to exceed'), as seldinger hours check gives them",
    description=(
        "Recomputed from the logged shifts as of today. violations: as /violations. "
        "warnings: 4-week periods not over yet that are on track to exceed 80 hours a week, "
        "too few days off or too frequent in-house call, while the limit can still be met "
        "(hours_left, days_off_needed or call_nights_left says how much room is left). "
        "resident and rule narrow both lists as for /violations."
    ),
)
def check_hours(
    request: AuthedRequest, resident: SearchText | None = None, rule: SearchText | None = None
) -> object:
    found = selectors.visible_findings(request.user, resident=resident, rule=rule)
    return Status(200, {"violations": found.violations, "warnings": found.warnings})


@router.post(
    "/violations/justify",
    response={200: ViolationOut, 400: ErrorOut, 404: ErrorOut},
    summary="Justify one of my violations (or change its justification)",
    description="rule, start and end name the violation exactly as the violations list gives it.",
)
def justify(request: AuthedRequest, payload: JustifyIn) -> object:
    services.justify_violation(resident=request.user, **payload.dict())
    violation = selectors.get_own_violation(request.user, payload.rule, payload.start, payload.end)
    return Status(200, violation)
