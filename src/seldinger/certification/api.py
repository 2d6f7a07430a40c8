"""JSON API for the certification tracker: my status, my CME, OLA and PQI records.

Thin: the selectors decide what a user may see (own records only; anyone
else's answer 404) and the services write and audit.
"""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    PlausibleDate,
    RecordEndpoints,
    RecordId,
    model_field,
    page_of,
    paged,
    schema_of,
)
from seldinger.certification import selectors, services, tracker
from seldinger.certification.downloads import certificate_response
from seldinger.certification.models import CmeActivity, OlaRecord, PqiActivity
from seldinger.certification.tracker import part_as_dict

router = Router(auth=logged_in)


class PartOut(Schema):
    key: str
    name: str
    status: str
    required: float
    done: float
    due: dt.date | None
    note: str
    exam_date: dt.date | None = None
    exam_until: dt.date | None = None


if TYPE_CHECKING:
    CmeWindowOut = Schema
else:
    CmeWindowOut = schema_of(tracker.CmeWindow, "CmeWindowOut", exclude=["self_assessment"])


class CertificateOut(Schema):
    name: str
    type: str | None
    initial_certification: dt.date | None


class StatusOut(Schema):
    as_of: dt.date
    certificate: CertificateOut
    continuing_required: bool
    training_end: dt.date | None
    board_eligibility_end: dt.date | None
    parts: list[PartOut]
    cme_windows: list[CmeWindowOut]
    notes: list[str]


class CmeIn(Schema):
    title: str = model_field(CmeActivity, "title")
    provider: str = model_field(CmeActivity, "provider", default="")
    date: PlausibleDate
    credits: Decimal = model_field(CmeActivity, "credits")
    credit_type: str = model_field(
        CmeActivity, "credit_type", default=CmeActivity.CreditType.CATEGORY_1
    )
    self_assessment: bool = False


class CmeOut(Schema):
    id: int
    title: str
    provider: str
    date: dt.date
    credits: Decimal
    credit_type: str
    self_assessment: bool
    has_certificate: bool
    certificate_name: str
    certificate_content_type: str
    certificate_size: int | None

    @staticmethod
    def resolve_has_certificate(obj: CmeActivity) -> bool:
        return bool(obj.certificate)


class OlaIn(Schema):
    year: int = model_field(OlaRecord, "year", le=2100)
    answered: int = model_field(OlaRecord, "answered")
    declined: int = model_field(OlaRecord, "declined", default=0)
    correct: int | None = model_field(OlaRecord, "correct", default=None)


class OlaOut(Schema):
    id: int
    year: int
    answered: int
    declined: int
    correct: int | None


class PqiIn(Schema):
    title: str = model_field(PqiActivity, "title")
    kind: str = model_field(PqiActivity, "kind", default=PqiActivity.Kind.PROJECT)
    completed_on: PlausibleDate


class PqiOut(Schema):
    id: int
    title: str
    kind: str
    completed_on: dt.date


@router.get("/status", response=StatusOut, summary="My certification status")
def my_status(request: AuthedRequest, as_of: PlausibleDate | None = None) -> object:
    status = selectors.certification_status(request.user, as_of or timezone.localdate())
    return {
        "as_of": status.as_of,
        "certificate": {
            "name": status.certificate,
            "type": status.certificate_type,
            "initial_certification": status.initial_certification,
        },
        "continuing_required": status.continuing_required,
        "training_end": status.training_end,
        "board_eligibility_end": status.board_eligibility_end,
        "parts": [{**part_as_dict(part), "note": part.note} for part in status.parts],
        "cme_windows": [vars(window) for window in status.cme_windows],
        "notes": status.notes,
    }


# --- CME ---------------------------------------------------------------------------


@router.get("/cme", response=page_of(CmeOut), summary="My CME activities")
def list_cme(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(selectors.cme_of(request.user), page)


@router.post("/cme", response={201: CmeOut, 400: ErrorOut}, summary="Add a CME activity")
def create_cme(request: AuthedRequest, payload: CmeIn) -> object:
    activity = services.create_cme(owner=request.user, **payload.dict())
    return Status(201, activity)


one_cme = RecordEndpoints(router, "/cme/{activity_id}", CmeOut, find=selectors.get_cme)
one_cme.get("get_cme", "One of my CME activities")
one_cme.change("update_cme", CmeIn, services.update_cme, "Change a CME activity")
one_cme.delete("delete_cme", services.delete_cme, "Delete a CME activity")


@router.post(
    "/cme/{activity_id}/certificate",
    response={200: CmeOut, 400: ErrorOut},
    summary="Upload the certificate of a CME activity (PDF, PNG or JPEG)",
)
def upload_certificate(
    request: AuthedRequest,
    activity_id: RecordId,
    file: File[UploadedFile],
) -> object:
    activity = selectors.get_cme(request.user, activity_id)
    services.update_cme(actor=request.user, activity=activity, certificate=file)
    return Status(200, activity)


@router.get(
    "/cme/{activity_id}/certificate",
    summary="Download the certificate of one of my CME activities",
    response={200: None, 404: ErrorOut},
)
def download_certificate(request: AuthedRequest, activity_id: RecordId) -> object:
    activity = selectors.get_cme(request.user, activity_id)
    return certificate_response(activity)


# --- OLA ---------------------------------------------------------------------------


@router.get("/ola", response=page_of(OlaOut), summary="My OLA records (one per year)")
def list_ola(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(selectors.ola_of(request.user), page)


@router.post(
    "/ola", response={201: OlaOut, 400: ErrorOut}, summary="Add or replace a year's OLA counts"
)
def create_ola(request: AuthedRequest, payload: OlaIn) -> object:
    record = services.save_ola(owner=request.user, **payload.dict())
    return Status(201, record)


one_ola = RecordEndpoints(router, "/ola/{record_id}", OlaOut, find=selectors.get_ola, record="ola")
one_ola.get("get_ola", "One of my OLA records")


# Written out: save_ola replaces the year's record as its owner's.
@router.put(
    "/ola/{record_id}", response={200: OlaOut, 400: ErrorOut}, summary="Change an OLA record"
)
def update_ola(request: AuthedRequest, record_id: RecordId, payload: OlaIn) -> object:
    selectors.get_ola(request.user, record_id)
    record = services.save_ola(owner=request.user, record_id=record_id, **payload.dict())
    return Status(200, record)


one_ola.delete("delete_ola", services.delete_ola, "Delete an OLA record")


# --- PQI ---------------------------------------------------------------------------


@router.get("/pqi", response=page_of(PqiOut), summary="My PQI activities")
def list_pqi(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(selectors.pqi_of(request.user), page)


@router.post("/pqi", response={201: PqiOut, 400: ErrorOut}, summary="Add a PQI activity")
def create_pqi(request: AuthedRequest, payload: PqiIn) -> object:
    activity = services.save_pqi(owner=request.user, **payload.dict())
    return Status(201, activity)


one_pqi = RecordEndpoints(router, "/pqi/{activity_id}", PqiOut, find=selectors.get_pqi)
one_pqi.get("get_pqi", "One of my PQI activities")


# Written out: save_pqi writes the activity as its owner's.
@router.put(
    "/pqi/{activity_id}", response={200: PqiOut, 400: ErrorOut}, summary="Change a PQI activity"
)
def update_pqi(request: AuthedRequest, activity_id: RecordId, payload: PqiIn) -> object:
    activity = selectors.get_pqi(request.user, activity_id)
    services.save_pqi(owner=request.user, activity=activity, **payload.dict())
    return Status(200, activity)


one_pqi.delete("delete_pqi", services.delete_pqi, "Delete a PQI activity")
