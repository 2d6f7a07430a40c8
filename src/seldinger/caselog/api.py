"""JSON API for logging and verifying cases. Thin: the same validation, selectors and
services as the web pages, so the two never disagree."""

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    MAX_LIMIT,
    PageIn,
    PlainOut,
    PlausibleDate,
    RecordId,
    SearchText,
    model_field,
    narrowed,
    page_of,
    paged,
)
from seldinger.caselog import selectors, services
from seldinger.caselog.catalogue import Catalogue, Procedure
from seldinger.caselog.entries import FieldError, validate_case
from seldinger.caselog.fields import CASE_FIELDS, RETURN_COMMENT_MAX_LENGTH, CaseField
from seldinger.caselog.forms import may_log_cases, supervisor_usernames
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.phi import phi_message
from seldinger.errors import Conflict, ErrorItem, Forbidden, Invalid, NotFound

router = Router(tags=["case log"])

READ_ONLY = "This case is verified and read-only."


class ProcedureOut(Schema):
    key: str
    name: str
    category: str
    category_name: str
    skill_level: str
    cpt_codes: list[str]
    synonyms: list[str]


def _in_type(field: CaseField) -> Any:
    """What the API takes for a field: a plausible date; text as long as the field takes; a
    dose as a number in its column's range or as text (the checks give the domain's range)."""
    text = Annotated[str, Field(max_length=field.max_length)]
    if field.kind == "date":
        return PlausibleDate | None
    if field.kind == "number":
        return Annotated[float, model_field(CaseEntry, field.attribute)] | text | None
    return text if field.kind == "text" else text | None


_OUT_TYPES: dict[str, Any] = {
    "date": dt.date,
    "text": str,
    "user": str | None,
    "number": float | None,
}


def _out_fields() -> dict[str, Any]:
    """The case's fields as the API shows them, with the procedure's name and category."""
    fields: dict[str, Any] = {}
    for field in CASE_FIELDS:
        fields[field.name] = (_OUT_TYPES[field.kind], ...)
        if field.name == "procedure":
            fields["procedure_name"] = (str, ...)
            fields["category"] = (str, ...)
    return fields


if TYPE_CHECKING:
    CaseIn = Schema
    CaseOut = PlainOut
else:
    CaseIn = create_model(
        "CaseIn",
        __base__=Schema,
        __doc__="One case. Checked by the same rules as the web form; problems come back as 400.",
        **{
            field.name: (_in_type(field), Field(field.default, description=field.description))
            for field in CASE_FIELDS
        },
    )
    CaseOut = create_model(
        "CaseOut",
        __base__=PlainOut,
        id=(int, ...),
        trainee=(str, ...),
        **_out_fields(),
        status=(str, ...),
        return_comment=(str, ...),
        verified_by=(str | None, ...),
        verified_at=(dt.datetime | None, ...),
        source=(str, ...),
        created_at=(dt.datetime, ...),
        updated_at=(dt.datetime, ...),
    )


class VerifyIn(Schema):
    case_ids: list[RecordId] = Field(max_length=MAX_LIMIT)


class VerifiedOut(Schema):
    verified: int


class ReturnIn(Schema):
    comment: str = Field("", max_length=RETURN_COMMENT_MAX_LENGTH)


def _catalogue() -> Catalogue:
    return selectors.catalogue(timezone.localdate())


# What a case shows, read as plain values in the query that lists the cases (usernames
# joined in, no model instances): the answer's name -> the value's path.
_CASE_VALUES: dict[str, str] = {
    "id": "id",
    "trainee": "trainee__username",
    **{
        field.name: f"{field.attribute}__username" if field.kind == "user" else field.attribute
        for field in CASE_FIELDS
    },
    "category": "category_key",
    "status": "status",
    "return_comment": "return_comment",
    "verified_by": "verified_by__username",
    "verified_at": "verified_at",
    "source": "source",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def case_rows(cases: QuerySet[CaseEntry]) -> QuerySet[CaseEntry, dict[str, Any]]:
    """The cases as the plain values they are shown from."""
    rows: QuerySet[CaseEntry, dict[str, Any]] = cases.values(*_CASE_VALUES.values())
    return rows


def _case_out(row: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    out = {name: row[path] for name, path in _CASE_VALUES.items()}
    out.update({field.name: field.shown(out[field.name]) for field in CASE_FIELDS})
    procedure = catalogue.get(out["procedure"])
    out["procedure_name"] = procedure.name if procedure else out["procedure"]
    return out


def _one_case_out(case: CaseEntry) -> dict[str, Any]:
    return _case_out(case_rows(CaseEntry.objects.filter(pk=case.pk)).get(), _catalogue())


def _cases_page(cases: QuerySet[CaseEntry], page: PageIn) -> dict[str, Any]:
    catalogue = _catalogue()
    return paged(cases, page, lambda row: _case_out(row, catalogue), rows=case_rows)


def _invalid(errors: list[FieldError]) -> Invalid:
    return Invalid(
        "The case has errors: " + "; ".join(str(error) for error in errors),
        errors=[ErrorItem(error.field, error.message) for error in errors],
    )


def _valid_case(trainee: User, payload: CaseIn, default_date: dt.date) -> Any:
    """The case ``payload`` describes, checked, or the refusal that lists its errors."""
    raw = payload.model_dump()
    raw["date"] = (raw["date"] or default_date).isoformat()
    data, errors = validate_case(
        raw,
        catalogue=_catalogue(),
        supervisors=supervisor_usernames(trainee),
        today=timezone.localdate(),
    )
    if data is None:
        raise _invalid(errors)
    return data


def _own_unverified_case(user: User, case_id: int) -> CaseEntry:
    """One of ``user``'s cases that may still change: a verified case is read-only."""
    case = selectors.get_own_case(user, case_id)
    if case.is_verified:
        raise services.CaseLogError(READ_ONLY)
    return case


def _procedure_out(item: Procedure) -> dict[str, Any]:
    return {
        "key": item.key,
        "name": item.name,
        "category": item.category,
        "category_name": item.category_name,
        "skill_level": item.skill_level,
        "cpt_codes": list(item.cpt_codes),
        "synonyms": list(item.synonyms),
    }


@router.get(
    "/procedures",
    response=page_of(ProcedureOut),
    summary="Search the procedure catalogue",
    description=(
        "Procedures whose name, synonyms, category or CPT codes contain every word of q, "
        "best match first."
    ),
)
def search_procedures(request: HttpRequest, page: Query[PageIn], q: SearchText = "") -> object:
    catalogue = _catalogue()
    return paged(catalogue.search(q, limit=len(catalogue.procedures)), page, _procedure_out)


@router.get(
    "/cases",
    response={200: page_of(CaseOut), 404: ErrorOut},
    auth=logged_in,
    summary="My cases, or a trainee's cases (directors, coordinators, admins)",
    description=(
        "Newest first (by date, then by when it was logged). The whole log in one file is "
        "`GET /api/caselog/export`."
    ),
)
def list_cases(
    request: AuthedRequest,
    page: Query[PageIn],
    trainee: SearchText | None = None,
    date_from: PlausibleDate | None = None,
    date_to: PlausibleDate | None = None,
    category: SearchText | None = None,
    status: SearchText | None = None,
) -> object:
    viewer = request.user
    if trainee:
        owner = User.objects.filter(username=trainee).first()
        if owner is None or not selectors.can_view_log_of(viewer, owner):
            raise NotFound("No such trainee among those whose logs you can see.")
        cases = selectors.cases_visible_to(viewer).filter(trainee=owner)
    else:
        cases = selectors.cases_of(viewer)
    cases = narrowed(
        cases,
        performed_on__gte=date_from,
        performed_on__lte=date_to,
        category_key=category,
        status=status,
    )
    return Status(200, _cases_page(cases, page))


@router.post(
    "/cases",
    response={201: CaseOut, 400: ErrorOut, 403: ErrorOut},
    auth=logged_in,
    summary="Log a case",
)
def create_case(request: AuthedRequest, payload: CaseIn) -> object:
    trainee = request.user
    if not may_log_cases(trainee):
        raise Forbidden("Only residents and fellows keep a case log.")
    data = _valid_case(trainee, payload, timezone.localdate())
    case = services.log_case(trainee=trainee, data=data, source=CaseEntry.Source.API)
    return Status(201, _one_case_out(case))


@router.get(
    "/cases/{int:case_id}",
    response={200: CaseOut, 404: ErrorOut},
    auth=logged_in,
    summary="One case",
)
def get_case(request: AuthedRequest, case_id: RecordId) -> object:
    return Status(200, _one_case_out(selectors.get_visible_case(request.user, case_id)))


@router.put(
    "/cases/{int:case_id}",
    response={200: CaseOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=logged_in,
    summary="Change one of my unverified cases (a returned case goes back to pending)",
)
def update_case(request: AuthedRequest, case_id: RecordId, payload: CaseIn) -> object:
    case = _own_unverified_case(request.user, case_id)
    data = _valid_case(case.trainee, payload, case.performed_on)
    services.update_case(actor=request.user, case=case, data=data)
    return Status(200, _one_case_out(case))


@router.delete(
    "/cases/{int:case_id}",
    response={204: None, 404: ErrorOut, 409: ErrorOut},
    auth=logged_in,
    summary="Delete one of my unverified cases",
)
def delete_case(request: AuthedRequest, case_id: RecordId) -> object:
    case = _own_unverified_case(request.user, case_id)
    services.delete_case(actor=request.user, case=case)
    return Status(204, None)


@router.get(
    "/verification-queue",
    response=page_of(CaseOut),
    auth=logged_in,
    summary="Cases naming me as supervisor that await verification",
    description="Oldest first (by date, then by when it was logged).",
)
def verification_queue(request: AuthedRequest, page: Query[PageIn]) -> object:
    return _cases_page(selectors.verification_queue(request.user), page)


@router.post(
    "/cases/verify",
    response=VerifiedOut,
    auth=logged_in,
    summary="Verify cases",
    description="Verifies the pending cases among case_ids that name me; returns how many.",
)
def verify_cases(request: AuthedRequest, payload: VerifyIn) -> object:
    return {"verified": services.verify_cases(faculty=request.user, case_ids=payload.case_ids)}


@router.post(
    "/cases/{int:case_id}/return",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=logged_in,
    summary="Return a pending case to the trainee with a comment",
)
def return_case(request: AuthedRequest, case_id: RecordId, payload: ReturnIn) -> object:
    case = selectors.get_visible_case(request.user, case_id)
    if case.supervisor_id != request.user.pk:
        raise Forbidden("Only the supervisor named on a case can return it.")
    if case.status != CaseEntry.Status.PENDING:
        raise Conflict("Only cases awaiting verification can be returned.")
    comment = payload.comment.strip()
    problem = phi_message(comment) if comment else None
    if problem:
        raise Invalid(problem, field="comment")
    services.return_case(faculty=request.user, case=case, comment=comment)
    return Status(200, _one_case_out(case))
