"""The to-do digest: only to those who asked, only with something to do, once a day, weekly
ones on their weekday, links that open from a mail client; sent by the scheduled job."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from seldinger.home.models import DigestSubscription
from seldinger.home.services import choose_digest, send_digests
from seldinger.jobs import runner

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def mailable(resident_with_work, student, faculty):
    for user in (resident_with_work, student, faculty):
        user.email = f"{user.username}@example.org"
        user.save()
    return resident_with_work


@override_settings(SITE_URL="https://seldinger.example.org")
def test_a_daily_subscriber_gets_their_list_with_absolute_links(today, mailable, faculty):
    choose_digest(user=mailable, frequency="daily")

    report = send_digests(on=today)

    assert [name for name, _, _ in report.sent] == ["resident"]  # faculty did not opt in
    (message,) = mail.outbox
    assert message.to == ["resident@example.org"]
    assert message.subject.startswith("Seldinger: ") and "to do" in message.subject
    assert "1 case returned for correction" in message.body
    assert "https://seldinger.example.org/cases/mine/?status=returned" in message.body
    assert "https://seldinger.example.org/home/account/" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://seldinger.example.org/hours/my-violations/"' in html
    assert "Hours this week" not in message.body  # a figure is no thing to do


def test_once_a_day_and_weekly_only_on_the_weekday(today, mailable, faculty):
    choose_digest(user=mailable, frequency="weekly")
    choose_digest(user=faculty, frequency="daily")

    def sent_on(day):
        return [name for name, _, _ in send_digests(on=day).sent]

    with override_settings(DIGEST_WEEKDAY="tuesday"):
        assert sent_on(MONDAY) == ["faculty"]
    assert sent_on(MONDAY) == ["resident"]  # Monday by default; faculty had theirs today
    assert sent_on(MONDAY) == []
    assert sent_on(MONDAY + dt.timedelta(days=1)) == ["faculty"]


def test_nothing_to_do_or_no_choice_means_no_mail(today, mailable, student, outsider):
    outsider.email = "outsider@example.org"
    outsider.save()
    choose_digest(user=outsider, frequency="daily")  # nothing awaits them
    choose_digest(user=student, frequency="daily")
    student.is_active = False
    student.save()

    report = send_digests(on=today)

    assert report.sent == [] and mail.outbox == []
    assert report.nothing_to_do == 1


def test_the_schedule_runs_the_digest_as_a_job(today, mailable):
    choose_digest(user=mailable, frequency="daily")

    job = runner.scheduled("home.digest")
    runner.execute(job.pk)
    job.refresh_from_db()

    assert job.status == "succeeded", job.error
    assert job.result["details"]["emails"] == 1
    assert len(mail.outbox) == 1


def test_the_account_page_starts_and_stops_the_digest(client, resident):
    client.force_login(resident)
    url = reverse("home:account")
    assert client.get(url).status_code == 200

    response = client.post(url, {"frequency": "weekly"}, follow=True)
    assert "once a week" in response.content.decode()
    assert DigestSubscription.objects.get(user=resident).frequency == "weekly"
    assert "comes by e-mail once a week" in client.get("/home/").content.decode()

    client.post(url, {"frequency": ""})
    assert not DigestSubscription.objects.filter(user=resident).exists()

    refused = client.post(url, {"frequency": "hourly"})
    assert refused.status_code == 400
    assert "hourly is not one of the available choices" in refused.content.decode()


def test_the_command_line_sends_or_lists_the_digests(today, mailable):
    choose_digest(user=mailable, frequency="daily")
    out = io.StringIO()

    call_command("digest", "send", "--dry-run", "--format", "json", stdout=out)

    assert json.loads(out.getvalue())["sent"] == [
        {"user": "resident", "email": "resident@example.org", "items": 4}
    ]
    assert mail.outbox == []
    out = io.StringIO()
    call_command("digest", "send", stdout=out)
    assert "Sent 1 digest(s)" in out.getvalue() and len(mail.outbox) == 1


def test_the_command_line_shows_a_persons_list(today, resident_with_work):
    out = io.StringIO()

    call_command("todo", "--user", "resident", "--format", "json", stdout=out)

    found = json.loads(out.getvalue())
    assert found["items"][0]["urgency"] == "now"
    assert {"cases-returned", "violations-unjustified"} <= {i["kind"] for i in found["items"]}
    with pytest.raises(CommandError, match="--user: no user 'nobody'"):
        call_command("todo", "--user", "nobody")
