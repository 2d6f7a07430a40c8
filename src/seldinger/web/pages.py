"""The one way a page takes a form: validate, ask the service, show its refusal, redirect.

Every app's views use these, so a form page answers alike everywhere: a refused or invalid
POST renders the form again with status 400 and the service's messages beside their fields;
a saved one redirects with a success message.
"""

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.errors import Invalid, SeldingerError

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What the service returned for a saved form (a dataclass, so always true)."""

    value: T


def add_errors(
    form: BaseForm,
    error: Exception,
    *,
    whole_form: bool = False,
    rename: Mapping[str, str] | None = None,
) -> None:
    """Put a refusal on the form: each item beside its field (``rename`` maps a service's
    field to the form's), or on the form as a whole when it has no such field."""
    if isinstance(error, ValidationError):
        form.add_error(None, error)
        return
    if not isinstance(error, SeldingerError):
        form.add_error(None, str(error))
        return
    if whole_form or not error.items:
        form.add_error(None, error.message)
        return
    for item in error.items:
        name = (rename or {}).get(item.field, item.field)
        form.add_error(name if name in form.fields else None, item.message)


def submitted(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[], T],
    *,
    whole_form: bool = False,
    rename: Mapping[str, str] | None = None,
) -> Saved[T] | None:
    """``save`` run on a valid POSTed form; None when the form is not posted, is invalid,
    or the service refused the input (its errors are then on the form).

    Only wrong input (``Invalid``, Django's ``ValidationError``) is shown on the form; a
    ``Forbidden`` or ``NotFound`` is the page's own to answer (a view checks it first).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Saved(save())
    except (Invalid, ValidationError) as error:
        add_errors(form, error, whole_form=whole_form, rename=rename)
        return None


def values(form: BaseForm, names: Iterable[str]) -> dict[str, Any]:
    """The named fields of a valid form, as keyword arguments for the service."""
    return {name: form.cleaned_data[name] for name in names}


def done(request: HttpRequest, message: str, to: str, *args: Any, **kwargs: Any) -> HttpResponse:
    """Redirect to ``to`` (a URL name with its arguments, or a URL) with a success message."""
    messages.success(request, message)
    response: HttpResponseRedirect = redirect(to, *args, **kwargs)
    return response


def post_action(
    message: str, to: str
) -> Callable[[Callable[Concatenate[AuthedRequest, P], object]], Callable[..., HttpResponse]]:
    """A button's view (delete, remove, end): behind a login, POST only; the decorated
    function finds the user's record and asks the service, then the page goes to ``to``
    (a URL name without arguments) with ``message``."""

    def decorate(
        act: Callable[Concatenate[AuthedRequest, P], object],
    ) -> Callable[..., HttpResponse]:
        @functools.wraps(act)
        def view(request: AuthedRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            act(request, *args, **kwargs)
            return done(request, message, to)

        return login_required(require_POST(view))

    return decorate


def form_status(request: HttpRequest) -> int:
    """400 for a POST that was not saved (it is shown again), 200 for a GET."""
    return 400 if request.method == "POST" else 200


def render_form(request: HttpRequest, template: str, context: Mapping[str, Any]) -> HttpResponse:
    """The form page again: 400 after a POST that was not saved, else 200."""
    return render(request, template, context, status=form_status(request))


def partial_or_page(request: HttpRequest, partial: str, page: str) -> str:
    """The partial template for an HTMX request (it swaps in the results), else the page."""
    return partial if getattr(request, "htmx", False) else page


@overload
def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse: ...
@overload
def attachment(
    content: Iterator[bytes], content_type: str, filename: str
) -> StreamingHttpResponse: ...
def attachment(
    content: bytes | str | Iterator[bytes], content_type: str, filename: str
) -> HttpResponse | StreamingHttpResponse:
    """A download: ``content`` as a file named ``filename`` (any name, quoted as RFC 6266 says);
    pieces of it are streamed as they come."""
    response: HttpResponse | StreamingHttpResponse
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
