"""What every part of the applications API shares: the error and list-state schemas,
who is an applicant, and how a refused change answers."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from seldinger.applications import selectors
from seldinger.applications.services import ListLocked

NOT_AN_APPLICANT = "Only students and residents who apply keep a tracker and a rank order list."


class ErrorOut(Schema):
    detail: str


class ListStateOut(Schema):
    certified: bool
    locked: bool
    locked_reason: str | None
    deadline: dt.date | None


def _error(code: int, detail: str) -> Status[dict[str, str]]:
    return Status(code, {"detail": detail})


def _refused(error: Exception) -> Status[dict[str, str]]:
    return _error(409 if isinstance(error, ListLocked) else 400, str(error))


def _applicant(request: HttpRequest) -> Any:
    return request.user if selectors.may_apply(request.user) else None


def _state(container: Any, match_year: int) -> dict[str, Any]:
    state = selectors.list_state(container, match_year)
    return {
        "certified": state.certified,
        "locked": state.locked,
        "locked_reason": state.locked_reason,
        "deadline": state.deadline,
    }
