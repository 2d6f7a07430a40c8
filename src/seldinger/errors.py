"""The one error type services, selectors and pure cores raise for a request they refuse.

Pure: no Django import, so every layer may raise it. The API answers each one with its
``status`` and the one error body (``seldinger.api_errors``); the web pages show ``message``
and, beside each field, the ``items`` that name it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorItem:
    """One problem: the input at fault, what is wrong, and the line of a file when it has one."""

    field: str
    message: str
    line: int | None = None


class SeldingerError(Exception):
    """A refused request: ``message`` for the user, ``items`` per field, ``status`` for HTTP."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: Mapping[str, str] | Iterable[ErrorItem] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
        if isinstance(errors, Mapping):
            items = [ErrorItem(name, text) for name, text in errors.items()]
        else:
            items = list(errors or ())
        if not items and field is not None:
            items = [ErrorItem(field, message)]
        self.items: tuple[ErrorItem, ...] = tuple(items)


class Invalid(SeldingerError, ValueError):
    """The input is wrong (400)."""

    status = 400


class Forbidden(SeldingerError):
    """The user may see the record but not do this to it (403)."""

    status = 403


class NotFound(SeldingerError, LookupError):
    """No such record among those the user may see (404)."""

    status = 404


class Conflict(SeldingerError):
    """The record's state does not allow this now (409)."""

    status = 409
