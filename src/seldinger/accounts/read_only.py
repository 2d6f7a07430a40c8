"""A deactivated account (a graduate or a leaver) is read-only: it logs in and reads, and
downloads its exports, but changes nothing.

``ReadOnlyAccountMiddleware`` refuses every unsafe method (POST, PUT, PATCH, DELETE) of a
deactivated user's session, except logging out and the password pages; a page is answered
403 with the reason, the API 403 with its one error body. A personal token of a deactivated
user is refused the same way in ``accounts.api_auth``.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from seldinger.api_errors import body

READ_ONLY_MESSAGE = (
    "Your account has been deactivated by your program: you can still read your records "
    "and download their exports, but not change anything. Ask your program's coordinator "
    "if this is a mistake."
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Pages a deactivated user may still post to: leaving, passing the second step of a login,
#: keeping their password, and starting a large export (written by a background job, which
#: changes no record).
STILL_ALLOWED = frozenset(
    {
        "caselog:export_csv",
        "caselog:export_xlsx",
        "caselog:export_pdf",
        "accounts:logout",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:password_reset_confirm",
        "mfa:second_step",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
    }
)


def _allowed(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in STILL_ALLOWED


class ReadOnlyAccountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.method not in SAFE_METHODS
            and user is not None
            and getattr(user, "deactivated_at", None) is not None
            and not _allowed(request.path_info)
        ):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse(body(READ_ONLY_MESSAGE), status=403)
        context = {"message": READ_ONLY_MESSAGE}
        return render(request, "accounts/read_only.html", context, status=403)
