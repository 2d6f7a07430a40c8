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
    group: str = ""  # the menu it sits in; "" for a link of its own (Home)

    def url(self) -> str:
        return _addresses()[self.target]


def _addresses() -> dict[str, str]:
    """Every entry's address, by target: reversed once per URLconf and script prefix (every
    page shows the navigation), and looked up once per request."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if (found := _REVERSED.get(key)) is None:
        found = _REVERSED[key] = {
            entry.target: entry.target if entry.target.startswith("/") else reverse(entry.target)
            for entry in NAV_ENTRIES
        }
    return found


_REVERSED: dict[tuple[str, str], dict[str, str]] = {}

# The menus, in the order they stand in the header; a role sees only those holding a page
# it may open. The account menu (password, tokens, log out) is the header's own.
TRAINING, PROGRAM, BOARDS, MATCH, CAREER, ACCOUNT = (
    "Training",
    "Program",
    "Boards",
    "Plan & match",
    "Career",
    "Account",
)
in_a_program_team = has_role("faculty", "director", "coordinator")
leads_a_program = has_role("director", "coordinator")
verifies_cases = has_role("faculty", "director")

NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("Home", "web:home", visitor),
    NavEntry("Home", "home:index", logged_in),
    NavEntry("My training", "pathways:my_training", has_role("resident"), TRAINING),
    NavEntry("Case log", "caselog:log_case", has_role("resident"), TRAINING),
    NavEntry("Progress", "caselog:progress", has_role("resident"), TRAINING),
    NavEntry("Dose reports", "dose:reports", has_role("resident"), TRAINING),
    NavEntry("Milestones", "milestones:index", has_role("resident"), TRAINING),
    NavEntry("ACGME Case Log", "acgme:index", has_role("resident"), TRAINING),
    NavEntry("Work hours", "workhours:week", has_role("resident"), TRAINING),
    NavEntry("Schedule", "scheduling:index", has_role("resident"), TRAINING),
    NavEntry("Scholarship", "scholarship:home", has_role("resident"), TRAINING),
    NavEntry("Verify cases", "caselog:verification_queue", verifies_cases, PROGRAM),
    NavEntry("Cohort", "caselog:cohort", leads_a_program, PROGRAM),
    NavEntry("Dose reports", "dose:reports", leads_a_program, PROGRAM),
    NavEntry("Milestones", "milestones:index", in_a_program_team, PROGRAM),
    NavEntry("ACGME", "acgme:milestones", leads_a_program, PROGRAM),
    NavEntry("Hours report", "workhours:violations", leads_a_program, PROGRAM),
    NavEntry("Schedule", "scheduling:index", leads_a_program, PROGRAM),
    NavEntry("Scholarship", "scholarship:home", in_a_program_team, PROGRAM),
    NavEntry("Certification", "certification:dashboard", has_role("diplomate", "resident"), BOARDS),
    NavEntry("Licences", "credentials:overview", has_role("diplomate", "resident"), BOARDS),
    NavEntry("Path planner", "pathways:planner", everyone, MATCH),
    NavEntry("My plans", "pathways:saved_plans", logged_in, MATCH),
    NavEntry("Programs", "programs:directory", everyone, MATCH),
    NavEntry("Applications", "applications:tracker", has_role("student"), MATCH),
    NavEntry("Rank list", "applications:rank_list", has_role("student"), MATCH),
    NavEntry("Program rank lists", "applications:program_lists", leads_a_program, MATCH),
    NavEntry("Match", "match:rounds", has_role("director", "coordinator", "admin"), MATCH),
    NavEntry("Match odds", "match:odds", everyone, MATCH),
    NavEntry("Jobs", "careers:job_board", everyone, CAREER),
    NavEntry("My postings", "careers:my_postings", has_role("employer"), CAREER),
    NavEntry("Saved jobs", "careers:saved_jobs", logged_in, CAREER),
    NavEntry("Careers", "careers:overview", everyone, CAREER),
    NavEntry("To-do e-mail", "home:account", logged_in, ACCOUNT),
    NavEntry("Change password", "accounts:password_change", logged_in, ACCOUNT),
    NavEntry("Security", "mfa:security", logged_in, ACCOUNT),
    NavEntry("API tokens", "accounts:api_tokens", logged_in, ACCOUNT),
    NavEntry("API docs", "/api/docs", logged_in, ACCOUNT),
    NavEntry("Admin", "admin:index", staff, ACCOUNT),
)


def may_open(user: AnyUser, target: str) -> bool:
    """Whether the navigation offers ``user`` the page ``target`` (a URL name)."""
    return any(entry.shows_for(user) for entry in NAV_ENTRIES if entry.target == target)


def _active_url(path: str, urls: list[str]) -> str | None:
    """The URL of the page ``path`` belongs to: an exact match, else the longest prefix.

    The home page ("/") is active only on "/" itself.
    """
    if path in urls:
        return path
    prefixes = [url for url in urls if url != "/" and path.startswith(url.rstrip("/") + "/")]
    return max(prefixes, key=len, default=None)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_items``: every link the user may open, in order; ``nav_links``: those standing
    alone; ``nav_groups``: the menus (label, items, whether it holds the current page), the
    account menu last as ``nav_account``."""
    if getattr(request, "held_before_second_step", False):
        # A session held at its second step (seldinger.mfa) may open none of them yet.
        return {"nav_items": [], "nav_links": [], "nav_groups": [], "nav_account": None}
    user = getattr(request, "user", None)
    addresses = _addresses()
    visible = [(entry, addresses[entry.target]) for entry in NAV_ENTRIES if entry.shows_for(user)]
    active = _active_url(request.path, [url for _, url in visible])
    items: list[dict[str, Any]] = [
        {"label": e.label, "url": url, "active": url == active, "group": e.group}
        for e, url in visible
    ]
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item["group"]:
            groups.setdefault(item["group"], []).append(item)
    menus = [
        {"label": label, "items": members, "active": any(m["active"] for m in members)}
        for label, members in groups.items()
    ]
    return {
        "nav_items": items,
        "nav_links": [item for item in items if not item["group"]],
        "nav_groups": [menu for menu in menus if menu["label"] != ACCOUNT],
        "nav_account": next((menu for menu in menus if menu["label"] == ACCOUNT), None),
    }
