"""Follows every same-site link a logged-in person can reach: the broken ones, and the
pages reached (the link crawl checks the first, the accessibility test reads the second).

GET only: a link is a request a person makes by clicking. Downloads (exports, calendar
feeds) are requested once for their status, not read for links; the admin site, the API
documentation and logging out are left aside.
"""

import datetime as dt
import re
from collections import deque
from dataclasses import dataclass
from html import unescape
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.caselog.models import CaseEntry
from seldinger.workhours.models import ShiftEntry

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"', re.I)
LEFT_ASIDE = ("/admin/", "/api/docs", "/api/openapi", "/accounts/logout/", "/static/")
DOWNLOADS = re.compile(r"(\.csv|\.xlsx|\.pdf|\.ics|\.json)$|/download/|/export/|/certificate/")
# A path is visited with at most this many query strings (filters, pages of a list).
QUERIES_PER_PATH = 1
#: The people whose links are followed (fixtures of tests/conftest.py).
PERSONAS = ["resident", "faculty", "director", "coordinator", "student", "outsider", "admin_user"]


def add_records(resident: User, faculty: User) -> None:
    """A case awaiting verification and a shift, so the detail pages and lists have rows."""
    today = timezone.localdate()
    CaseEntry.objects.create(
        trainee=resident,
        performed_on=today - dt.timedelta(days=3),
        procedure_key="port-chest",
        category_key="venous-access",
        role="primary",
        supervisor=faculty,
        modality="fluoroscopy",
        status=CaseEntry.Status.PENDING,
        fingerprint="crawl-1",
    )
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=2), dt.time(7)))
    ShiftEntry.objects.create(
        resident=resident,
        start=start,
        end=start + dt.timedelta(hours=10),
        kind=ShiftEntry._meta.get_field("kind").default,
    )


@dataclass(frozen=True)
class Broken:
    persona: str
    page: str
    link: str
    status: int


@dataclass(frozen=True)
class Crawled:
    broken: list[Broken]
    #: How many addresses were requested.
    requested: int
    #: The pages (HTML answered 200) in the order they were reached.
    pages: list[str]


def links_of(html: str, page: str) -> list[str]:
    """The same-site links of a page, absolute paths without their fragment."""
    found = []
    for raw in HREF.findall(html):
        href = urldefrag(unescape(raw)).url
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            if parts.netloc not in {"testserver", ""}:
                continue
            href = parts.path + (f"?{parts.query}" if parts.query else "")
        elif not href.startswith("/"):
            href = (
                page.rsplit("/", 1)[0] + "/" + href
                if not href.startswith("?")
                else (page.split("?", 1)[0] + href)
            )
        found.append(href)
    return found


def crawl(client: Client, persona: str, start: str = "/home/") -> Crawled:
    """Every link reachable from ``start``: the broken ones and the pages reached."""
    seen = {start}
    queries: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("(start)", start)])
    broken: list[Broken] = []
    pages: list[str] = []
    while queue:
        page, url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 400:
            broken.append(Broken(persona, page, url, response.status_code))
            continue
        content_type = response.get("Content-Type", "")
        if DOWNLOADS.search(url.split("?", 1)[0]) or not content_type.startswith("text/html"):
            continue
        if response.status_code in {301, 302}:
            targets = [response["Location"]]
        elif response.status_code == 200:
            pages.append(url)
            targets = links_of(response.content.decode(), url)
        else:
            continue
        for link in targets:
            path = link.split("?", 1)[0]
            if link in seen or path.startswith(LEFT_ASIDE):
                continue
            if "?" in link:
                if queries.get(path, 0) >= QUERIES_PER_PATH:
                    continue
                queries[path] = queries.get(path, 0) + 1
            seen.add(link)
            queue.append((url, link))
    return Crawled(broken, len(seen), pages)


def one_per_page(pages: list[str]) -> list[str]:
    """The first address reached of each page (its route): another case's detail or another
    filter of a list is the same template."""
    chosen: dict[str, str] = {}
    for url in pages:
        try:
            route = resolve(url.split("?", 1)[0]).route
        except Resolver404:  # pragma: no cover - a page answered 200 resolves
            route = url
        chosen.setdefault(route, url)
    return list(chosen.values())
