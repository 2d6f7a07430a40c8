"""Community events shown to the right personas; who counts as graduating."""

import datetime as dt

import pytest
import time_machine

from seldinger.accounts.membership import ProgramMembership
from seldinger.careers import community
from seldinger.careers.models import CommunityEvent

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("role", "ends", "expected"),
    [
        ("student", [], {"students"}),
        ("resident", [], {"residents"}),
        ("resident", [None], {"residents"}),
        ("resident", [dt.date(2027, 6, 30)], {"residents", "graduating"}),
        ("resident", [TODAY + dt.timedelta(days=365)], {"residents", "graduating"}),
        ("resident", [TODAY + dt.timedelta(days=366)], {"residents"}),
        ("resident", [TODAY - dt.timedelta(days=1)], {"residents"}),
        ("faculty", [], {"faculty"}),
        ("director", [], {"directors"}),
        ("coordinator", [], {"directors"}),
        ("diplomate", [], {"diplomates"}),
        ("employer", [], set()),
        ("admin", [], set()),
    ],
)
def test_personas_for(role, ends, expected):
    assert community.personas_for(role, ends, TODAY) == frozenset(expected)


@pytest.fixture
def events(db):
    def make(title, audiences, start=dt.date(2027, 5, 30), end=None):
        return CommunityEvent.objects.create(
            title=title,
            kind=CommunityEvent.Kind.OTHER,
            start_date=start,
            end_date=end,
            audiences=audiences,
        )

    make("IR Residency Spring Practicum", ["graduating"])
    make("Student webinar", ["students"])
    make(
        "Annual meeting",
        ["students", "residents", "graduating", "faculty", "directors", "diplomates"],
        start=dt.date(2027, 3, 14),
        end=dt.date(2027, 3, 18),
    )
    make("Past event", ["students", "residents"], start=dt.date(2026, 1, 1))


def events_table(response):
    return response.content.decode().split('id="events-table"', 1)[1].split("</table>", 1)[0]


def titles(response):
    return {event["title"] for event in response.json()["items"]}


@time_machine.travel(dt.datetime(2026, 11, 22, 12, 0), tick=False)
def test_spring_practicum_only_for_graduating_residents(client, events, resident, student):
    client.force_login(resident)
    assert titles(client.get("/api/careers/events")) == {"Annual meeting"}

    ProgramMembership.objects.filter(user=resident).update(end_date=dt.date(2027, 6, 30))
    assert titles(client.get("/api/careers/events")) == {
        "Annual meeting",
        "IR Residency Spring Practicum",
    }
    page = events_table(client.get("/careers/community/"))
    assert "IR Residency Spring Practicum" in page and "Student webinar" not in page

    client.force_login(student)
    assert titles(client.get("/api/careers/events")) == {"Annual meeting", "Student webinar"}
    page = events_table(client.get("/careers/community/"))
    assert "Student webinar" in page and "IR Residency Spring Practicum" not in page


@time_machine.travel(dt.datetime(2026, 11, 22, 12, 0), tick=False)
def test_everyone_can_show_all_upcoming_events(client, events, faculty):
    everything = {"Annual meeting", "IR Residency Spring Practicum", "Student webinar"}
    assert titles(client.get("/api/careers/events")) == everything  # anonymous: all
    client.force_login(faculty)
    assert titles(client.get("/api/careers/events")) == {"Annual meeting"}
    assert titles(client.get("/api/careers/events", {"all": "true"})) == everything
    page = events_table(client.get("/careers/community/", {"all": "1"}))
    assert "Student webinar" in page and "Past event" not in page


def test_community_page_describes_sir_resources(client, db):
    content = client.get("/careers/community/").content.decode()
    for text in ("RFS Section", "March", "Spring Practicum", "PGY-6", "webinars", "Free", "$50"):
        assert text in content
