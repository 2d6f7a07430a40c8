"""Follows every same-site link a logged-in person can reach, and reports the broken ones.

GET only: a link is a request a person makes by clicking. Downloads (exports, calendar
feeds) are requested once for their status, not read for links; the admin site, the API
documentation and logging out are left aside.
"""

import re
from collections import deque
from dataclasses import dataclass
from html import unescape
from urllib.parse import urldefrag, urlsplit

from django.test import Client

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"', re.I)
LEFT_ASIDE = ("/admin/", "/api/docs", "/api/openapi", "/accounts/logout/", "/static/")
DOWNLOADS = re.compile(r"(\.csv|\.xlsx|\.pdf|\.ics|\.json)$|/download/|/export/|/certificate/")
# A path is visited with at most this many query strings (filters, pages of a list).
QUERIES_PER_PATH = 1


@dataclass(frozen=True)
class Broken:
    persona: str
    page: str
    link: str
    status: int


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


def crawl(client: Client, persona: str, start: str = "/home/") -> tuple[list[Broken], int]:
    """Every broken link reachable from ``start``, and how many pages were requested."""
    seen = {start}
    queries: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("(start)", start)])
    broken: list[Broken] = []
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
    return broken, len(seen)
