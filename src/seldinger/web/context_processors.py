"""Main navigation, built per user from one list of entries.

Each entry names a target (a URL name, or a literal path starting with "/")
and a predicate on the user; adding a role's page later is one line in
``NAV_ENTRIES``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from seldinger.accounts.requests import AnyUser

UserPredicate = Callable[[Any], bool]


def everyone(user: AnyUser) -> bool:
    return True


def logged_in(user: AnyUser) -> bool:
    return bool(user is not None and user.is_authenticated)


def visitor(user: AnyUser) -> bool:
    return not logged_in(user)


def staff(user: AnyUser) -> bool:
    return bool(logged_in(user) and user.is_active and user.is_staff)


def has_role(*roles: str) -> UserPredicate:
    """Predicate for logged-in users whose ``role`` is one of ``roles``."""

    def predicate(user: AnyUser) -> bool:
        return logged_in(user) and getattr(user, "role", None) in roles

    return predicate


# Everyone with a place in a program: its trainees, faculty, director and coordinator.
in_a_program = has_role("resident", "faculty", "director", "coordinator")


@dataclass(frozen=True)
class NavEntry:
    label: str
    target: str  # URL name ("app:name") or literal path ("/api/docs")
    shows_for: UserPredicate = everyone

    def url(self) -> str:
        if self.target.startswith("/"):
            return self.target
        # Every page shows the navigation: each address is reversed once per URLconf and
        # script prefix, not on every request.
        key = (self.target, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        if (url := _REVERSED.get(key)) is None:
            url = _REVERSED[key] = reverse(self.target)
        return url


_REVERSED: dict[tuple[str, str, str], str] = {}


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("Home", "web:home", visitor),
    NavEntry("Home", "home:index", logged_in),
    NavEntry("Path planner", "pathways:planner"),
    NavEntry("Programs", "programs:directory"),
    NavEntry("My plans", "pathways:saved_plans", logged_in),
    NavEntry("My training", "pathways:my_training", has_role("resident")),
    NavEntry("Case log", "caselog:log_case", has_role("resident")),
    NavEntry("Verify cases", "caselog:verification_queue", has_role("faculty", "director")),
    NavEntry("Progress", "caselog:progress", has_role("resident")),
    NavEntry("Cohort", "caselog:cohort", has_role("director", "coordinator")),
    NavEntry("Milestones", "milestones:index", in_a_program),
    NavEntry("Work hours", "workhours:week", has_role("resident")),
    NavEntry("Hours report", "workhours:violations", has_role("director", "coordinator")),
    NavEntry("Certification", "certification:dashboard", has_role("diplomate", "resident")),
    NavEntry("Licences", "credentials:overview", has_role("diplomate", "resident")),
    NavEntry("Scholarship", "scholarship:home", in_a_program),
    NavEntry("Applications", "applications:tracker", has_role("student")),
    NavEntry("Rank list", "applications:rank_list", has_role("student")),
    NavEntry("Match", "match:rounds", has_role("director", "coordinator", "admin")),
    NavEntry("Match odds", "match:odds"),
    NavEntry("Jobs", "careers:job_board"),
    NavEntry("Careers", "careers:overview"),
    NavEntry("API docs", "/api/docs"),
    NavEntry("Admin", "admin:index", staff),
)


def _active_url(path: str, urls: list[str]) -> str | None:
    """The URL of the page ``path`` belongs to: an exact match, else the longest prefix.

    The home page ("/") is active only on "/" itself.
    """
    if path in urls:
        return path
    prefixes = [url for url in urls if url != "/" and path.startswith(url.rstrip("/") + "/")]
    return max(prefixes, key=len, default=None)


def navigation(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    if getattr(request, "held_before_second_step", False):
        # A session held at its second step (seldinger.mfa) may open none of them yet.
        return {"nav_items": []}
    user = getattr(request, "user", None)
    visible = [(entry.label, entry.url()) for entry in NAV_ENTRIES if entry.shows_for(user)]
    active = _active_url(request.path, [url for _, url in visible])
    return {
        "nav_items": [
            {"label": label, "url": url, "active": url == active} for label, url in visible
        ]
    }
