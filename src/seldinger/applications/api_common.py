"""What every part of the applications API shares: the list-state schema and the
applicant asking."""

import datetime as dt
from typing import Any

from ninja import Schema

from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.applications import selectors


class ListStateOut(Schema):
    certified: bool
    locked: bool
    locked_reason: str | None
    deadline: dt.date | None


def _applicant(request: AuthedRequest) -> User | None:
    return request.user if selectors.may_apply(request.user) else None


def _state(container: Any, match_year: int) -> dict[str, Any]:
    state = selectors.list_state(container, match_year)
    return {
        "certified": state.certified,
        "locked": state.locked,
        "locked_reason": state.locked_reason,
        "deadline": state.deadline,
    }
