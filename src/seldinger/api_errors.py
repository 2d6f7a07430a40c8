"""The one error body of the JSON API, for every 4xx answer, and how each error becomes it.

Endpoints declare ``ErrorOut`` for the statuses they give and raise; ``seldinger.api`` hands
each refusal to :func:`error_status_and_body`, so no endpoint catches and re-maps errors.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid

from seldinger.errors import ErrorItem, SeldingerError

# Where ninja found a request value; the field name is what follows it.
_SOURCES = {"body", "query", "path", "form", "file", "cookie", "header"}

# What the API answers itself; anything else is a bug, for Django's 500 handling.
REFUSALS: tuple[type[Exception], ...] = (
    SeldingerError,
    RequestInvalid,
    HttpError,
    Http404,
    PermissionDenied,
    ValidationError,
)


class ErrorItemOut(Schema):
    field: str = Field(description="The input at fault (a field, a query parameter, a column)")
    message: str
    line: int | None = Field(None, description="The line of an uploaded file, when there is one")


class ErrorOut(Schema):
    """Every 4xx answer: what went wrong, and each problem with the input it names."""

    detail: str
    errors: list[ErrorItemOut]


def body(detail: str, items: Iterable[ErrorItem] = ()) -> dict[str, Any]:
    """The error body; ``line`` only where there is one."""
    errors = []
    for item in items:
        out: dict[str, Any] = {"field": item.field, "message": item.message}
        if item.line is not None:
            out["line"] = item.line
        errors.append(out)
    return {"detail": detail, "errors": errors}


def validation_items(error: ValidationError) -> list[ErrorItem]:
    """A Django ``ValidationError`` as items, ``__all__`` for the record as a whole."""
    if hasattr(error, "error_dict"):
        return [
            ErrorItem(name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [ErrorItem("__all__", message) for message in error.messages]


def _request_items(errors: Sequence[Mapping[str, Any]]) -> list[ErrorItem]:
    items = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _SOURCES:
            source, loc = loc[0], loc[1:]
            if source in {"body", "form"} and len(loc) > 1:
                loc = loc[1:]  # the payload parameter's own name
        items.append(ErrorItem(".".join(loc) or "__all__", str(error.get("msg", ""))))
    return items


def error_status_and_body(exc: Exception) -> tuple[int, dict[str, Any]]:
    """The status and body for one of the ``REFUSALS`` the API answers itself."""
    if isinstance(exc, SeldingerError):
        return exc.status, body(exc.message, exc.items)
    if isinstance(exc, RequestInvalid):
        items = _request_items(exc.errors)
        detail = "; ".join(f"{item.field}: {item.message}" for item in items)
        return 422, body(f"Invalid request: {detail}", items)
    if isinstance(exc, HttpError):
        return exc.status_code, body(str(exc))
    if isinstance(exc, Http404):
        return 404, body(f"Not Found: {exc}" if settings.DEBUG else "Not Found")
    if isinstance(exc, PermissionDenied):
        return 403, body(str(exc) or "Forbidden")
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            detail = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
            )
        else:
            detail = " ".join(exc.messages)
        return 400, body(detail, validation_items(exc))
    raise TypeError(f"not a refusal the API answers: {exc!r}")
