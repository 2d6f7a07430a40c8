"""The to-do digest e-mails, as the job the schedule starts (``worker --beat``)."""

from django.utils import timezone

from seldinger.home.services import send_digests
from seldinger.jobs.kinds import Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work


def send_digest(job: Job, work: Work) -> Outcome:
    report = send_digests(on=timezone.localdate())
    sent = len(report.sent)
    return Outcome(
        message=f"Sent {sent} to-do digest{'s' if sent != 1 else ''} on {report.on:%d %b %Y}.",
        details={
            "on": report.on.isoformat(),
            "emails": sent,
            "nothing_to_do": report.nothing_to_do,
            "skipped_no_email": report.no_email,
        },
    )
