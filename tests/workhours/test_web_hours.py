"""The resident's week grid, violations with justifications, and the hours report on the web."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.workhours import selectors, services
from seldinger.workhours.models import ShiftEntry, ViolationJustification

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 1, 6)
WEEK = reverse("workhours:week")
DASH = "\N{EN DASH}"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def add(resident, start, end, kind="clinical", note=""):
    return services.create_shift(resident=resident, start=start, end=end, kind=kind, note=note)


def post_shift(client, day, start, end, kind="clinical", end_day="", note=""):
    return client.post(
        f"{reverse('workhours:add_shift')}?week={day.isoformat()}",
        {
            "day": day.isoformat(),
            "start_time": start,
            "end_time": end,
            "end_day": end_day,
            "kind": kind,
            "note": note,
        },
    )


def test_week_page_lists_monday_to_sunday_with_navigation(client, resident):
    add(resident, at(MONDAY, 7), at(MONDAY, 17))
    client.force_login(resident)
    response = client.get(WEEK, {"week": "2025-01-08"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Week of Mon 6 Jan 2025 {DASH} Sun 12 Jan 2025" in html
    assert 'data-day="2025-01-06"' in html and 'data-day="2025-01-12"' in html
    assert f"07:00{DASH}17:00" in html
    assert f"{WEEK}?week=2024-12-30" in html  # previous
    assert f"{WEEK}?week=2025-01-13" in html  # next
    assert 'id="week-hours">10<' in html


def test_adding_a_shift_saves_it_in_the_site_time_zone_and_audits_it(client, resident):
    client.force_login(resident)
    response = post_shift(client, MONDAY, "07:00", "17:30", note="IR rotation")
    assert response.status_code == 302
    assert response["Location"] == f"{WEEK}?week=2025-01-06"
    shift = ShiftEntry.objects.get(resident=resident)
    assert timezone.localtime(shift.start) == at(MONDAY, 7)
    assert shift.hours == 10.5
    entry = AuditEntry.objects.get(record_type="workhours.ShiftEntry", record_id=str(shift.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.actor == resident
    assert entry.after["note"] == "IR rotation"
    page = client.get(response["Location"]).content.decode()
    assert "Shift added" in page and f"07:00{DASH}17:30" in page


def test_an_end_before_the_start_is_the_next_day(client, resident):
    client.force_login(resident)
    post_shift(client, MONDAY, "19:00", "07:00", kind="call")
    shift = ShiftEntry.objects.get(resident=resident)
    assert timezone.localtime(shift.end) == at(MONDAY + dt.timedelta(days=1), 7)
    assert shift.kind == "call"


def test_back_entry_months_later_is_allowed_and_audited(client, resident):
    client.force_login(resident)
    long_ago = timezone.localdate() - dt.timedelta(days=200)
    response = post_shift(client, long_ago, "08:00", "16:00")
    assert response.status_code == 302
    shift = ShiftEntry.objects.get(resident=resident)
    assert timezone.localtime(shift.start).date() == long_ago
    assert AuditEntry.objects.filter(record_id=str(shift.pk), action="create").exists()


def test_overlapping_and_invalid_shifts_are_refused(client, resident):
    add(resident, at(MONDAY, 7), at(MONDAY, 17))
    client.force_login(resident)
    response = post_shift(client, MONDAY, "16:00", "20:00")
    assert response.status_code == 400
    assert "overlaps" in response.content.decode()
    response = post_shift(client, MONDAY, "", "20:00")
    assert response.status_code == 400
    assert ShiftEntry.objects.filter(resident=resident).count() == 1


def test_editing_and_deleting_a_shift_are_audited(client, resident):
    shift = add(resident, at(MONDAY, 7), at(MONDAY, 17))
    client.force_login(resident)
    edit = reverse("workhours:edit_shift", args=[shift.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {"day": "2025-01-06", "start_time": "08:00", "end_time": "18:00", "kind": "education"},
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert timezone.localtime(shift.start) == at(MONDAY, 8) and shift.kind == "education"
    update = AuditEntry.objects.get(record_id=str(shift.pk), action="update")
    assert update.before["kind"] == "clinical" and update.after["kind"] == "education"

    delete = reverse("workhours:delete_shift", args=[shift.pk])
    assert "Delete shift" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not ShiftEntry.objects.filter(pk=shift.pk).exists()
    assert AuditEntry.objects.filter(record_id=str(shift.pk), action="delete").exists()


def test_a_split_shift_is_one_work_period_without_a_rest_violation(client, resident):
    add(resident, at(MONDAY, 7), at(MONDAY, 12))
    add(resident, at(MONDAY, 13), at(MONDAY, 18))
    add(resident, at(MONDAY + dt.timedelta(days=1), 7), at(MONDAY + dt.timedelta(days=1), 17))
    assert selectors.violations_of(resident) == []
    client.force_login(resident)
    assert 'id="no-violations"' in client.get(WEEK, {"week": "2025-01-06"}).content.decode()


def test_a_violation_explains_itself_and_takes_a_justification(client, resident):
    add(resident, at(MONDAY, 7), at(MONDAY + dt.timedelta(days=1), 13), kind="call")  # 30 h
    client.force_login(resident)
    html = client.get(WEEK, {"week": "2025-01-06"}).content.decode()
    assert 'data-rule="24+4"' in html
    assert "24 hours plus 4" in html  # the rule
    assert f"Mon 6 Jan 2025 07:00 {DASH} Tue 7 Jan 2025 13:00" in html  # the dates
    assert "continuous work period of 30 h" in html  # the detail
    assert "Continuous scheduled clinical work must not exceed 24 hours" in html  # what it says

    [violation] = selectors.violations_of(resident)
    response = client.post(
        reverse("workhours:justify"),
        {
            "rule": "24+4",
            "start": violation.start.isoformat(),
            "end": violation.end.isoformat(),
            "text": "Unstable patient at handover; stayed for the embolization.",
            "next": f"{WEEK}?week=2025-01-06",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{WEEK}?week=2025-01-06"
    justification = ViolationJustification.objects.get(resident=resident)
    assert AuditEntry.objects.filter(
        record_type="workhours.ViolationJustification", action="create"
    ).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Justification saved" in html
    assert "Unstable patient at handover; stayed for the embolization." in html
    assert "Update justification" in html
    # Recomputed after an unrelated change, the violation still finds its justification.
    add(resident, at(MONDAY + dt.timedelta(days=3), 7), at(MONDAY + dt.timedelta(days=3), 17))
    [again] = selectors.violations_of(resident)
    assert again.justification == justification
    page = client.get(reverse("workhours:my_violations")).content.decode()
    assert "1 violation" in page and "Justified" in page


def test_an_empty_or_unknown_justification_is_refused(client, resident):
    add(resident, at(MONDAY, 7), at(MONDAY + dt.timedelta(days=1), 13), kind="call")
    [violation] = selectors.violations_of(resident)
    client.force_login(resident)
    key = {"rule": "24+4", "start": violation.start.isoformat(), "end": violation.end.isoformat()}
    client.post(reverse("workhours:justify"), {**key, "text": "   "})
    other = {**key, "end": (violation.end + dt.timedelta(hours=1)).isoformat(), "text": "x"}
    assert client.post(reverse("workhours:justify"), other).status_code == 404
    assert not ViolationJustification.objects.exists()


def test_the_director_sees_violations_with_filters_and_justified_marked(
    client, resident, director, make_user, program
):
    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role

    second = make_user(
        "second", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE
    )
    add(resident, at(MONDAY, 7), at(MONDAY + dt.timedelta(days=1), 13), kind="call")
    add(second, at(MONDAY, 7), at(MONDAY, 12))
    add(second, at(MONDAY, 16), at(MONDAY, 22))  # 4 h off between periods
    [violation] = selectors.violations_of(resident)
    services.justify_violation(
        resident=resident,
        rule=violation.rule,
        start=violation.start,
        end=violation.end,
        text="Handover.",
    )
    client.force_login(director)
    url = reverse("workhours:violations")
    html = client.get(url).content.decode()
    assert "2 violations, 1 justified" in html
    assert 'data-resident="resident" data-rule="24+4"' in html
    assert 'data-resident="second" data-rule="rest-between-periods"' in html
    assert "Handover." in html
    html = client.get(url, {"resident": "second"}).content.decode()
    assert "1 violation, 0 justified" in html and 'data-resident="resident"' not in html
    html = client.get(url, {"rule": "24+4"}).content.decode()
    assert "1 violation, 1 justified" in html and 'data-resident="second"' not in html


def test_navigation_shows_work_hours_to_residents_and_the_report_to_leaders(
    client, resident, director, coordinator, faculty
):
    client.force_login(resident)
    html = client.get(WEEK).content.decode()
    assert ">Work hours<" in html and ">Hours report<" not in html
    for leader in (director, coordinator):
        client.force_login(leader)
        html = client.get(reverse("workhours:violations")).content.decode()
        assert ">Hours report<" in html and ">Work hours<" not in html
    client.force_login(faculty)
    assert ">Hours report<" not in client.get("/").content.decode()
