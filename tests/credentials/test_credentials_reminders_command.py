"""`seldinger reminders send`: each due reminder once, missed ones caught up, dry runs."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from seldinger.credentials.models import SentReminder
from seldinger.credentials.services import add_credential

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("reminders", "send", *args, "--format", "json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_sends_due_reminders_once(licence):
    # On 2026-02-22 the 30-day reminder (and the missed 90-day one) are due for 2026-03-23.
    report = run("--as-of", "2026-02-22")
    assert report["emails"] == 1
    (item,) = report["reminders"]
    assert (item["days_before"], item["covers"], item["days_left"]) == (30, [30, 90], 29)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["outsider@example.invalid"]
    assert "Minnesota medical licence" in message.subject and "Mar 23, 2026" in message.subject
    assert run("--as-of", "2026-02-22")["reminders"] == []
    assert run("--as-of", "2026-03-01")["reminders"] == []
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(credential=licence).count() == 2


def test_missed_reminder_goes_out_on_the_next_run_before_expiry(licence):
    run("--as-of", "2025-12-23")  # the 90-day reminder, on its day
    assert len(mail.outbox) == 1
    # The 7-day day (2026-03-16) was missed; the next run is two days later.
    report = run("--as-of", "2026-03-18")
    assert [item["covers"] for item in report["reminders"]] == [[7, 30]]
    assert run("--as-of", "2026-03-24")["reminders"] == []  # expired: nothing more
    assert len(mail.outbox) == 2


def test_nothing_after_expiry_or_before_the_first_reminder(licence):
    assert run("--as-of", "2025-12-22")["reminders"] == []
    assert run("--as-of", "2026-03-24")["reminders"] == []
    assert mail.outbox == []


def test_dry_run_sends_and_records_nothing(licence):
    report = run("--as-of", "2026-03-20", "--dry-run")
    assert report["dry_run"] is True and len(report["reminders"]) == 1
    assert mail.outbox == [] and not SentReminder.objects.exists()
    assert len(run("--as-of", "2026-03-20")["reminders"]) == 1


def test_renewal_starts_a_new_schedule(licence):
    run("--as-of", "2026-03-20")
    licence.expires_on = dt.date(2028, 3, 23)
    licence.save()
    assert run("--as-of", "2027-12-24")["reminders"][0]["days_before"] == 90


def test_one_email_per_person_and_users_without_email(licence, resident):
    add_credential(owner=licence.owner, kind="dea", expires_on=dt.date(2026, 3, 25))
    add_credential(owner=resident, kind="dea", expires_on=dt.date(2026, 3, 25))
    report = run("--as-of", "2026-03-20")
    assert report["emails"] == 1 and len(report["reminders"]) == 2
    assert report["skipped_no_email"] == ["resident"]
    assert "2 licences expire soon" in mail.outbox[0].subject


def test_text_output_and_bad_date(licence):
    out = StringIO()
    call_command("reminders", "send", "--as-of", "2026-03-20", "--dry-run", stdout=out)
    assert "Would send 1 reminder(s) in 1 e-mail(s) for 2026-03-20." in out.getvalue()
    with pytest.raises(CommandError, match="--as-of"):
        call_command("reminders", "send", "--as-of", "20-03-2026")


def test_a_day_that_is_not_a_date_is_refused_naming_the_option():
    with pytest.raises(
        CommandError, match=r"^--as-of: '2026-13-01' is not a date; use YYYY-MM-DD$"
    ):
        call_command("reminders", "send", "--as-of", "2026-13-01")
