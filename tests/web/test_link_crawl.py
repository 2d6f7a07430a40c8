"""Every link every persona can reach from their home opens: no 4xx, no 5xx.

About 30 s on PostgreSQL (the slow suite's budget is in tests/conftest.py).
"""

import time

import pytest

from link_crawler import PERSONAS, add_records, crawl

pytestmark = [pytest.mark.slow]


@pytest.fixture
def records(resident, faculty):
    add_records(resident, faculty)


def test_no_persona_meets_a_broken_link(client, request, records, director, coordinator):
    started = time.monotonic()
    broken = []
    pages = {}
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        crawled = crawl(client, persona)
        broken += crawled.broken
        pages[persona] = crawled.requested
        client.logout()

    assert broken == [], "\n".join(
        f"{b.persona}: {b.page} -> {b.link} answered {b.status}" for b in broken
    )
    # The crawl reached the pages behind the menus, not only the home page.
    assert min(pages.values()) > 10, pages
    print(f"crawled {sum(pages.values())} links in {time.monotonic() - started:.1f} s")
