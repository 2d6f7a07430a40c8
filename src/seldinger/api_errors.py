"""The one error body of the JSON API, for every 4xx answer, and how each error becomes it.

Endpoints declare ``ErrorOut`` for the statuses they give and raise; ``seldinger.api`` hands
each refusal to :func:`error_status_and_body`, so no endpoint catches and re-maps errors.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.parser import Parser

from seldinger.errors import ErrorItem, Invalid, SeldingerError

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
        if isinstance(exc.__cause__, SeldingerError):
            # ninja answers whatever the body's parser raised with a bare 400: the
            # parser's own refusal says what is wrong with the body.
            return error_status_and_body(exc.__cause__)
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


# What a request body must be -----------------------------------------------------------------

#: The input a refusal of the body as a whole names.
BODY = "body"


class JsonObjectParser(Parser):
    """Every JSON body the API takes is an object: text that is not JSON is refused with 400
    (the request cannot be read), JSON that is not an object (``[]``, ``"x"``, ``3``,
    ``null``) with 422 (read, but not what the schema asks for), each naming the body."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except ValueError as error:  # UnicodeDecodeError too
            raise Invalid(f"The body is not valid JSON: {error}", field=BODY) from error
        if not isinstance(data, dict):
            raise Invalid(
                f"The body should be a JSON object, not {_json_kind(data)}.",
                field=BODY,
                status=422,
            )
        return data


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string" if isinstance(value, str) else "an array"


def unreadable_body(error: MultiPartParserError) -> dict[str, Any]:
    """The 400 body for a form Django cannot read (a multipart body without its boundary)."""
    message = f"The multipart body cannot be read: {error}"
    return body(message, [ErrorItem(BODY, message)])


# Which refusals an operation declares ----------------------------------------------------------

SAFE_METHODS = frozenset({"get", "head", "options", "trace"})


def refusals_of(method: str, operation: Mapping[str, Any]) -> list[int]:
    """The error statuses an OpenAPI ``operation`` can answer by what it has, each with
    ``ErrorOut``; an endpoint declares only those its own logic adds (a service's 400, 403,
    404 or 409).

    - 401: it has a login (``security``), even an optional one: an unknown, expired or
      revoked token is refused, not taken for no login.
    - 403: it changes something (an unsafe method): a deactivated account's session is
      refused (``accounts.read_only``), and behind a login a read-only token and a session
      without its CSRF token.
    - 404: it has a path parameter: no such record among those the caller may see.
    - 400: it takes a body: one that cannot be read (not JSON, a multipart form without
      its boundary).
    - 422: it takes input (parameters or a body): a value the schema refuses, text holding
      NUL, a JSON body that is not an object.
    """
    parameters = operation.get("parameters", ())
    statuses = set()
    if operation.get("security"):
        statuses.add(401)
    if method.lower() not in SAFE_METHODS:
        statuses.add(403)
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.add(404)
    if operation.get("requestBody"):
        statuses.add(400)
    if parameters or operation.get("requestBody"):
        statuses.add(422)
    return sorted(statuses)
