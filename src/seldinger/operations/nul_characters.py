"""Every request's text refused, once, when it holds the NUL character.

PostgreSQL can neither store nor compare text holding NUL (0x00), so a query parameter,
a path, a form field or a JSON string with one ended in a database error (a 500) wherever
it reached a query. No one types it; it is refused here before any view reads the
request: the API answers 422 with its one error body naming the input, a page 400.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

from seldinger.api_errors import body
from seldinger.errors import ErrorItem

NUL = "\x00"
MESSAGE = "may not contain the NUL character (\\u0000)"
API_PREFIX = "/api/"


class NulCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        field = input_with_nul(request, view_kwargs)
        if field is None:
            return None
        if not request.path.startswith(API_PREFIX):
            raise BadRequest(f"{field} {MESSAGE}")
        refusal = body(f"Invalid request: {field}: {MESSAGE}", [ErrorItem(field, MESSAGE)])
        return JsonResponse(refusal, status=422)


def input_with_nul(request: HttpRequest, path_values: dict[str, Any]) -> str | None:
    """The name of the first input holding NUL: a path value, a query parameter, a form
    field or (dotted) a JSON field; None when there is none."""
    if NUL in request.path:
        named = [name for name, value in path_values.items() if NUL in str(value)]
        return named[0] if named else "path"
    found = _in_pairs(request.GET.lists())
    if found is None and request.method == "POST" and request.content_type in _FORMS:
        found = _in_pairs(request.POST.lists())
    if found is None and request.content_type == "application/json":
        found = _in_json(request.body)
    return found


_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def _in_pairs(pairs: Iterable[tuple[str, list[str]]]) -> str | None:
    for name, values in pairs:
        if NUL in name or any(NUL in value for value in values):
            return name.replace(NUL, "\\u0000")
    return None


def _in_json(raw: bytes) -> str | None:
    if b"\\u0000" not in raw:  # JSON writes NUL only so; a raw NUL byte is not JSON at all
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None  # the API's own parsing refuses it
    return _in_value(data, ())


def _in_value(value: object, where: tuple[str, ...]) -> str | None:
    if isinstance(value, str):
        return (".".join(where) or "body") if NUL in value else None
    if isinstance(value, dict):
        items: Iterable[tuple[str, object]] = value.items()
    elif isinstance(value, list):
        items = ((str(position), item) for position, item in enumerate(value))
    else:
        return None
    for key, item in items:
        if NUL in key:
            return ".".join((*where, key.replace(NUL, "\\u0000")))
        found = _in_value(item, (*where, key))
        if found is not None:
            return found
    return None
