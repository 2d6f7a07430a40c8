"""Every link every persona can reach from their home opens: no 4xx, no 5xx.

About 30 s on PostgreSQL (the slow suite's budget is in tests/conftest.py).
"""

import datetime as dt
import time

import pytest
from django.utils import timezone
from link_crawler import crawl

from seldinger.caselog.models import CaseEntry
from seldinger.workhours.models import ShiftEntry

pytestmark = [pytest.mark.slow]

PERSONAS = ["resident", "faculty", "director", "coordinator", "student", "outsider", "admin_user"]


@pytest.fixture
def records(resident, faculty):
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


def test_no_persona_meets_a_broken_link(client, request, records, director, coordinator):
    started = time.monotonic()
    broken = []
    pages = {}
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        found, visited = crawl(client, persona)
        broken += found
        pages[persona] = visited
        client.logout()

    assert broken == [], "\n".join(
        f"{b.persona}: {b.page} -> {b.link} answered {b.status}" for b in broken
    )
    # The crawl reached the pages behind the menus, not only the home page.
    assert min(pages.values()) > 10, pages
    print(f"crawled {sum(pages.values())} links in {time.monotonic() - started:.1f} s")
