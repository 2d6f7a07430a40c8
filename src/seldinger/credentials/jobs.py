"""The daily reminder e-mails, as the job the schedule starts (``worker --beat``)."""

from django.utils import timezone

from seldinger.credentials.services import send_due_reminders
from seldinger.jobs.kinds import Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work


def send_reminders(job: Job, work: Work) -> Outcome:
    report = send_due_reminders(on=timezone.localdate())
    sent, people = len(report.sent), report.messages
    return Outcome(
        message=(
            f"Sent {people} e-mail{'s' if people != 1 else ''} covering {sent} licence "
            f"reminder{'s' if sent != 1 else ''} due on {report.as_of:%d %b %Y}."
        ),
        details={
            "as_of": report.as_of.isoformat(),
            "emails": people,
            "reminders": sent,
            "skipped_no_email": report.skipped_no_email,
        },
    )
