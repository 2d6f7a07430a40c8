"""Each request's id, in its response and in every log record written while it is served.

A reverse proxy that already numbers requests passes its id in ``X-Request-ID``; one that
is well formed is kept, so the proxy's log and ours name the same request. Otherwise the
request gets a new id. Imported by the logging configuration, so nothing here touches
Django's models.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
#: Letters, digits and ``-._:``, at most 128: enough for UUIDs and proxies' ids, nothing
#: that could forge a log line.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
#: Outside a request (commands, start-up) records say so with a dash.
NO_REQUEST = "-"

_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)
_requests = logging.getLogger("seldinger.requests")


def request_id_for(offered: str | None) -> str:
    """The proxy's id when it is well formed, else a new one."""
    if offered and WELL_FORMED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def current_request_id() -> str:
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (the handlers' formats name it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


def with_request_ids(application: Any) -> Any:
    """The WSGI ``application`` naming each request before Django sees it, so the records
    Django writes after the middleware has answered (``Not Found: ...``) carry the id too."""

    def named(environ: dict[str, Any], start_response: Any) -> Any:
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        environ["HTTP_X_REQUEST_ID"] = request_id  # the middleware keeps it
        token = _current.set(request_id)
        try:
            return application(environ, start_response)
        finally:
            _current.reset(token)

    return named


class RequestIdMiddleware:
    """Outermost: names the request, logs one line when it is answered, and hands the id
    back in the response's ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get(HEADER))
        token = _current.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            _requests.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _current.reset(token)
