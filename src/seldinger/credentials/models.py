"""Licences, DEA registrations and hospital privileges; sent reminders; calendar feed tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields
from seldinger.credentials import reminders
from seldinger.programs.models import US_STATES


class Credential(RecordedFields):
    """A licence or registration a physician must keep current; valid through ``expires_on``."""

    class Kind(models.TextChoices):
        STATE_LICENCE = reminders.STATE_LICENCE, "State medical licence"
        DEA = reminders.DEA, "DEA registration"
        HOSPITAL_PRIVILEGES = reminders.HOSPITAL_PRIVILEGES, "Hospital privileges"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    state = models.CharField(
        max_length=2, choices=US_STATES, blank=True, help_text="Required for a state licence."
    )
    institution = models.CharField(
        max_length=200, blank=True, help_text="Required for hospital privileges."
    )
    number = models.CharField("licence or registration number", max_length=60, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField()
    cme_rules = models.TextField(
        "CME rules", blank=True, help_text="The renewal's CME requirements, in your own words."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = (
        "kind",
        "state",
        "institution",
        "number",
        "issued_on",
        "expires_on",
        "cme_rules",
    )

    class Meta:
        ordering = ["expires_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.STATE_LICENCE:
            return f"{self.get_state_display()} medical licence"
        if self.kind == self.Kind.DEA:
            return f"DEA registration ({self.state})" if self.state else "DEA registration"
        return f"Hospital privileges: {self.institution}"


class SentReminder(models.Model):
    """A reminder e-mailed for one expiry date of a credential: never sent twice."""

    credential = models.ForeignKey(
        Credential, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipient = models.EmailField()

    class Meta:
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "expires_on", "days_before"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.credential}: {self.days_before} days before {self.expires_on}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private calendar URL. Regenerating the token ends the old URL."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64)
    # Looked up by the token's digest, then compared in constant time.
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"

    def set_token(self, token: str) -> None:
        self.token = token
        self.token_digest = token_digest(token)
