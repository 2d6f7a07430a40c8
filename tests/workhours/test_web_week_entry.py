"""A whole week in one form, and last week copied as a draft the resident confirms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.workhours import services
from seldinger.workhours.models import ShiftEntry
from seldinger.workhours.week_form import WeekShift

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 1, 13)
ENTER = reverse("workhours:enter_week")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def logged(resident):
    return [
        (
            timezone.localtime(s.start).strftime("%a %H:%M"),
            timezone.localtime(s.end).strftime("%a %H:%M"),
            s.kind,
        )
        for s in ShiftEntry.objects.filter(resident=resident).order_by("start")
    ]


def test_a_week_is_entered_in_one_form_and_each_shift_audited(client, resident):
    client.force_login(resident)
    page = client.get(ENTER, {"week": "2025-01-15"})
    html = page.content.decode()
    assert (
        page.status_code == 200
        and 'data-day="2025-01-13"' in html
        and 'data-day="2025-01-19"' in html
    )
    response = client.post(
        f"{ENTER}?week=2025-01-13",
        {
            "d0_shift_start": "07:00",
            "d0_shift_end": "17:00",
            "d0_shift_kind": "clinical",
            "d1_shift_start": "07:00",
            "d1_shift_end": "19:00",
            "d1_shift_kind": "clinical",
            "d1_call_start": "19:00",
            "d1_call_end": "07:00",
            "d1_call_kind": "home-call",
            "d4_shift_start": "08:00",
            "d4_shift_end": "12:00",
            "d4_shift_kind": "education",
        },
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"{reverse('workhours:week')}?week=2025-01-13"
    )
    assert logged(resident) == [
        ("Mon 07:00", "Mon 17:00", "clinical"),
        ("Tue 07:00", "Tue 19:00", "clinical"),
        ("Tue 19:00", "Wed 07:00", "home-call"),
        ("Fri 08:00", "Fri 12:00", "education"),
    ]
    assert (
        AuditEntry.objects.filter(
            record_type="workhours.ShiftEntry", action="create", actor=resident
        ).count()
        == 4
    )


def test_week_errors_name_the_day_and_field_and_save_nothing(client, resident):
    services.create_shift(
        resident=resident,
        start=at(MONDAY + dt.timedelta(days=2), 8),
        end=at(MONDAY + dt.timedelta(days=2), 16),
        kind="clinical",
    )
    client.force_login(resident)
    response = client.post(
        f"{ENTER}?week=2025-01-13",
        {"d0_shift_start": "07:00", "d3_call_end": "07:00", "d0_shift_kind": "clinical"},
    )
    assert response.status_code == 400
    assert (
        "Thu 16 Jan, call: start: give the start as well as the end." in response.content.decode()
    )
    clash = client.post(
        f"{ENTER}?week=2025-01-13",
        {
            "d0_shift_start": "07:00",
            "d0_shift_end": "17:00",
            "d2_shift_start": "07:00",
            "d2_shift_end": "12:00",
        },
    )
    html = clash.content.decode()
    assert clash.status_code == 400
    assert (
        "Wed 15 Jan, shift: This shift overlaps your clinical (in house) shift "
        "from Wed 15 Jan 08:00." in html
    )
    assert len(logged(resident)) == 1  # Monday's valid shift was not saved either
    empty = client.post(f"{ENTER}?week=2025-01-13", {})
    assert "Enter at least one shift" in empty.content.decode()


def test_copy_last_week_is_a_draft_until_confirmed(client, resident):
    last_monday = MONDAY - dt.timedelta(days=7)
    services.create_shift(
        resident=resident, start=at(last_monday, 7), end=at(last_monday, 17), kind="clinical"
    )
    services.create_shift(
        resident=resident,
        start=at(last_monday + dt.timedelta(days=1), 19),
        end=at(last_monday + dt.timedelta(days=2), 7),
        kind="call",
    )
    services.create_shift(
        resident=resident,
        start=at(last_monday + dt.timedelta(days=3), 7),
        end=at(last_monday + dt.timedelta(days=3), 15),
        kind="clinical",
    )
    # Thursday of this week is already logged: the draft leaves it out.
    services.create_shift(
        resident=resident,
        start=at(MONDAY + dt.timedelta(days=3), 9),
        end=at(MONDAY + dt.timedelta(days=3), 13),
        kind="clinical",
    )
    client.force_login(resident)
    week_page = client.get(reverse("workhours:week"), {"week": "2025-01-13"}).content.decode()
    assert f'href="{ENTER}?week=2025-01-13&amp;copy=1"' in week_page
    page = client.get(ENTER, {"week": "2025-01-13", "copy": "1"})
    html = page.content.decode()
    assert "A draft from last week: 2 shifts moved on by seven days" in html
    assert "1 of last week's shifts did not fit (a day already logged" in html
    assert (
        'name="d0_shift_start" value="07:00"' in html and 'name="d1_call_end" value="07:00"' in html
    )
    assert 'name="d3_shift_start" id="id_d3_shift_start">' in html  # Thursday left empty
    # Tuesday's copied call is open; an empty call is folded away.
    assert '<details class="hours-week-call" open><summary>Call on Tuesday</summary>' in html
    assert '<details class="hours-week-call"><summary>Call on Monday</summary>' in html
    assert len(logged(resident)) == 4  # nothing copied yet
    client.post(
        f"{ENTER}?week=2025-01-13",
        {
            "d0_shift_start": "07:00",
            "d0_shift_end": "17:00",
            "d0_shift_kind": "clinical",
            "d1_call_start": "19:00",
            "d1_call_end": "07:00",
            "d1_call_kind": "call",
        },
    )
    assert logged(resident)[-3:] == [
        ("Mon 07:00", "Mon 17:00", "clinical"),
        ("Tue 19:00", "Wed 07:00", "call"),
        ("Thu 09:00", "Thu 13:00", "clinical"),
    ]


def test_only_residents_enter_a_week(client, faculty, director):
    for user in (faculty, director):
        client.force_login(user)
        assert client.get(ENTER).status_code == 403
        assert (
            client.post(ENTER, {"d0_shift_start": "07:00", "d0_shift_end": "17:00"}).status_code
            == 403
        )
    assert not ShiftEntry.objects.exists()


def test_the_week_service_refuses_all_or_nothing(resident, faculty):
    shifts = [
        WeekShift(MONDAY, "shift", at(MONDAY, 7), at(MONDAY, 17), "clinical"),
        WeekShift(MONDAY, "call", at(MONDAY, 16), at(MONDAY, 20), "call"),
    ]
    with pytest.raises(services.WeekError) as refused:
        services.create_week(resident=resident, shifts=shifts)
    assert [item.field for item in refused.value.items] == ["Mon 13 Jan, call"]
    assert not ShiftEntry.objects.exists()
    with pytest.raises(services.HoursError):
        services.create_week(resident=faculty, shifts=shifts[:1])
