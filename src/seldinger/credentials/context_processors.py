"""The banner count: how many of the user's licences expire within 90 days or have expired.

Wire it in settings TEMPLATES context_processors and include
``credentials/_banner.html`` in the base layout.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from seldinger.accounts.requests import AnyUser
from seldinger.credentials.selectors import notice_count


def credential_notices(request: HttpRequest) -> dict[str, Any]:
    user: AnyUser | None = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"credential_notice_count": 0}
    return {"credential_notice_count": notice_count(user, on=timezone.localdate())}
