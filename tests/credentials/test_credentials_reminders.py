"""The pure core: reminder schedule, expiry status, credential checks."""

import datetime as dt

import pytest

from seldinger.credentials import reminders

EXPIRY = dt.date(2026, 6, 30)


def test_schedule_is_90_30_7_days_before():
    assert [(r.days_before, r.remind_on) for r in reminders.reminder_schedule(EXPIRY)] == [
        (90, dt.date(2026, 4, 1)),
        (30, dt.date(2026, 5, 31)),
        (7, dt.date(2026, 6, 23)),
    ]


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (dt.date(2026, 3, 31), []),
        (dt.date(2026, 4, 1), [90]),
        (dt.date(2026, 5, 30), [90]),
        (dt.date(2026, 5, 31), [30, 90]),
        (dt.date(2026, 6, 23), [7, 30, 90]),
        (EXPIRY, [7, 30, 90]),
        (dt.date(2026, 7, 1), []),
    ],
)
def test_due_reminders_most_urgent_first_none_after_expiry(on, due):
    assert [r.days_before for r in reminders.due_reminders(EXPIRY, on)] == due


def test_sent_reminders_are_not_due_again():
    on = dt.date(2026, 6, 1)
    assert [r.days_before for r in reminders.due_reminders(EXPIRY, on, {90})] == [30]
    assert reminders.due_reminders(EXPIRY, on, {90, 30}) == []


@pytest.mark.parametrize(
    ("on", "status", "left"),
    [
        (dt.date(2026, 3, 1), reminders.CURRENT, 121),
        (dt.date(2026, 4, 1), reminders.EXPIRING, 90),
        (EXPIRY, reminders.EXPIRING, 0),
        (dt.date(2026, 7, 2), reminders.EXPIRED, -2),
    ],
)
def test_expiry_status(on, status, left):
    assert reminders.expiry_status(EXPIRY, on) == status
    assert reminders.days_left(EXPIRY, on) == left


def test_notice_only_when_expiring_or_expired():
    assert reminders.notice(EXPIRY, dt.date(2026, 1, 1)) is None
    notice = reminders.notice(EXPIRY, dt.date(2026, 6, 25))
    assert notice is not None and notice.reminder is not None
    assert (notice.status, notice.days_left, notice.reminder.days_before) == ("expiring", 5, 7)
    expired = reminders.notice(EXPIRY, dt.date(2026, 8, 1))
    assert expired is not None and expired.status == "expired" and expired.reminder is None


def _check(**fields):
    values = {
        "kind": "state-licence",
        "state": "MN",
        "institution": "",
        "issued_on": dt.date(2024, 7, 1),
        "expires_on": EXPIRY,
        "states": {"MN", "OR"},
    }
    return dict(reminders.check_credential(**{**values, **fields}))


def test_credential_checks():
    assert _check() == {}
    assert "state" in _check(state="")
    assert "state" in _check(state="ZZ")
    assert _check(kind="dea", state="") == {}
    assert "institution" in _check(kind="hospital-privileges", state="")
    assert _check(kind="hospital-privileges", state="", institution="Mercy") == {}
    assert "kind" in _check(kind="passport")
    assert "expires_on" in _check(expires_on=None)
    assert "expires_on" in _check(issued_on=dt.date(2027, 1, 1))
