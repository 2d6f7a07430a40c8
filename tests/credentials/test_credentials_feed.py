"""The private iCalendar feed: valid, stable UIDs, token-only access, revocable."""

import datetime as dt

import pytest
from icalendar import Calendar

from seldinger.credentials.models import CalendarFeed
from seldinger.credentials.services import ensure_feed, regenerate_feed_token

pytestmark = pytest.mark.django_db


def _url(feed):
    return f"/credentials/feed/{feed.token}.ics"


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Seldinger" in str(calendar["PRODID"])
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_is_valid_icalendar_with_stable_uids(client, outsider, licence, today, certified):
    feed = ensure_feed(owner=outsider)
    first = _events(client.get(_url(feed)))
    second = _events(client.get(_url(feed)))
    assert set(first) == set(second)
    for event in first.values():
        assert isinstance(event.decoded("DTSTAMP"), dt.datetime)
        assert event.decoded("DTSTAMP").tzinfo is not None
        start = event.decoded("DTSTART")
        assert type(start) is dt.date  # all-day: a DATE value, not a DATE-TIME
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
    by_summary = {str(event["SUMMARY"]): event.decoded("DTSTART") for event in first.values()}
    assert by_summary == {
        "Minnesota medical licence expires": dt.date(2026, 3, 23),
        "NRMP Main Residency Match Day 2026": dt.date(2026, 3, 20),
        # 2027 is not announced in the rules: the third Friday of March, marked projected.
        "NRMP Main Residency Match Day 2027 (projected)": dt.date(2027, 3, 19),
        # The certification tracker's parts, from the diplomate's own records.
        "Certification: Online Longitudinal Assessment (OLA) due": dt.date(2026, 12, 31),
        "Certification: Continuing medical education (CME) due": dt.date(2026, 12, 31),
        "Certification: Practice quality improvement (PQI) due": dt.date(2019, 1, 1),
    }
    cme = first[f"certification-{outsider.pk}-cme@seldinger"]
    assert str(cme["DESCRIPTION"]).startswith("Status: behind. Done 40 of 75.\n40 of 75 AMA")
    assert f"credential-expiry-{licence.pk}@seldinger" in first


def test_feed_needs_no_login_but_the_right_token(client, outsider, licence):
    feed = ensure_feed(owner=outsider)
    assert len(feed.token) >= 43
    assert client.get(_url(feed)).status_code == 200
    assert client.get("/credentials/feed/" + "x" * 43 + ".ics").status_code == 404
    assert client.get(f"/credentials/feed/{feed.token[:-1]}.ics").status_code == 404


def test_another_users_feed_cannot_be_read_without_their_token(client, outsider, resident, licence):
    theirs = ensure_feed(owner=outsider)
    mine = ensure_feed(owner=resident)
    client.force_login(resident)
    page = client.get("/credentials/calendar/").content.decode()
    assert mine.token in page and theirs.token not in page
    response = client.get(_url(mine))
    assert response.status_code == 200 and b"Minnesota" not in response.content


def test_revoked_token_gives_404(client, outsider):
    old = ensure_feed(owner=outsider).token
    regenerate_feed_token(owner=outsider)
    assert client.get(f"/credentials/feed/{old}.ics").status_code == 404
    new = CalendarFeed.objects.get(owner=outsider).token
    assert new != old and client.get(f"/credentials/feed/{new}.ics").status_code == 200


def test_regenerate_on_the_calendar_page(client, outsider):
    client.force_login(outsider)
    page = client.get("/credentials/calendar/").content.decode()
    old = CalendarFeed.objects.get(owner=outsider).token
    assert f"/credentials/feed/{old}.ics" in page
    response = client.post("/credentials/calendar/regenerate/", follow=True)
    new = CalendarFeed.objects.get(owner=outsider).token
    assert new != old and f"/credentials/feed/{new}.ics" in response.content.decode()
    assert client.get(f"/credentials/feed/{old}.ics").status_code == 404
    assert client.get("/credentials/calendar/regenerate/").status_code == 405


def test_inactive_owner_feed_is_404(client, outsider):
    feed = ensure_feed(owner=outsider)
    outsider.is_active = False
    outsider.save(update_fields=["is_active"])
    assert client.get(_url(feed)).status_code == 404


def test_parts_without_a_due_date_are_left_out(client, resident, today):
    """Someone with no certification records: every part is not required and has no date."""
    feed = ensure_feed(owner=resident)
    summaries = {str(event["SUMMARY"]) for event in _events(client.get(_url(feed))).values()}
    assert summaries == {
        "NRMP Main Residency Match Day 2026",
        "NRMP Main Residency Match Day 2027 (projected)",
    }
