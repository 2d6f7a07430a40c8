"""A resident fills their work-hour log from the published schedule, then corrects it there;
what they had already logged stands. Each logged shift is audited."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.workhours.models import ShiftEntry
from seldinger.workhours.services import create_shift

pytestmark = pytest.mark.django_db


def _fill(client, user, program, month="2026-04"):
    client.force_login(user)
    return client.post(f"/schedule/{program.pk}/mine/fill/", {"month": month}, follow=True)


def test_the_resident_fills_a_month_of_hours_from_the_schedule(client, program, ann, published):
    response = _fill(client, ann, program)
    assert "4 shift(s) added to your work-hour log" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/hours/?week=2026-03-30"
    logged = ShiftEntry.objects.filter(resident=ann).order_by("start")
    assert [(timezone.localtime(s.start).strftime("%d %H:%M"), s.kind, s.note) for s in logged] == [
        ("06 07:00", "clinical", "IR (schedule version 1)"),
        ("06 17:00", "call", "night (schedule version 1)"),
        ("08 07:00", "clinical", "IR (schedule version 1)"),
        ("10 17:00", "call", "night (schedule version 1)"),
    ]
    assert AuditEntry.objects.filter(record_type="workhours.ShiftEntry", actor=ann).count() == 4
    assert not ShiftEntry.objects.filter(resident__username="ben").exists()


def test_what_the_resident_logged_stands(client, program, ann, published):
    worked = timezone.make_aware(dt.datetime(2026, 4, 6, 7, 30))
    create_shift(resident=ann, start=worked, end=worked + dt.timedelta(hours=11), kind="clinical")
    response = _fill(client, ann, program)
    # The day's work and the night's call both overlap the 07:30-18:30 logged.
    assert "2 shift(s) added" in response.content.decode()
    assert "2 skipped, as you had already logged hours then" in response.content.decode()
    assert ShiftEntry.objects.filter(resident=ann).count() == 3
    again = _fill(client, ann, program)
    assert "0 shift(s) added" in again.content.decode()
    assert ShiftEntry.objects.filter(resident=ann).count() == 3


def test_a_month_without_shifts_adds_nothing(client, program, ann, published):
    assert "0 shift(s) added" in _fill(client, ann, program, "2026-05").content.decode()
    assert not ShiftEntry.objects.exists()


@pytest.mark.parametrize("who", ["director", "coordinator"])
def test_leaders_have_no_hours_to_fill(who, request, client, program, published):
    response = _fill(client, request.getfixturevalue(who), program)
    assert response.status_code == 403
    assert not ShiftEntry.objects.exists()


@pytest.mark.parametrize("who", ["other_resident", "faculty", "student"])
def test_others_cannot_reach_the_program(who, request, client, program, published):
    assert _fill(client, request.getfixturevalue(who), program).status_code == 404
    assert not ShiftEntry.objects.exists()
