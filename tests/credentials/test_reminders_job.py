"""The schedule's daily reminder job sends what ``reminders send`` would, and says so to an
administrator on the jobs page."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from seldinger.jobs import queue, runner

pytestmark = pytest.mark.django_db


def test_the_daily_job_sends_the_due_reminders_and_reports_them(client, licence, admin_user):
    with time_machine.travel(dt.datetime(2026, 2, 22, 6, 0), tick=False):
        job = runner.scheduled("credentials.reminders")
        runner.execute(job.pk)

    job.refresh_from_db()
    assert (job.status, job.owner, job.title) == ("succeeded", None, "Licence expiry reminders")
    assert job.result["message"] == (
        "Sent 1 e-mail covering 1 licence reminder due on 22 Feb 2026."
    )
    assert [message.to for message in mail.outbox] == [["outsider@example.invalid"]]
    client.force_login(admin_user)
    assert "Licence expiry reminders" in client.get("/jobs/").content.decode()


def test_the_schedule_runs_the_reminders_daily_at_the_configured_time():
    entry = queue.app.conf.beat_schedule["reminders"]
    assert entry["args"] == ("credentials.reminders",)
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})
