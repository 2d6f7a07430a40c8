"""The page that says why a hospital login did not log anyone in."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seldinger.sso.services import Reason, Refusal


def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """403 for an identity Seldinger refuses; 502 when the identity provider failed."""
    status = 502 if refusal.reason == Reason.PROVIDER else 403
    context = {"refusal": refusal, "reason": refusal.reason.value, "contact": settings.SSO_CONTACT}
    return render(request, "sso/refused.html", context, status=status)
