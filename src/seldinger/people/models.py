import datetime as dt

from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields


class Invitation(RecordedFields):
    """An invitation to join a program as a resident, fellow or faculty member.

    The invitee receives a link by e-mail; only the digest of its secret is kept. Opening it
    before ``expires_at`` they set a password (or, with an account already, simply accept)
    and become a member of the program with the invitation's role and dates.
    """

    class Role(models.TextChoices):
        RESIDENT = "resident", "Resident"
        FELLOW = "fellow", "Fellow"
        FACULTY = "faculty", "Faculty"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=10, choices=Role.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="For trainees: the expected graduation date."
    )
    # Where the trainee is in training, for their training record (pathways.TrainingRecord)
    # when they accept: the postgraduate year and the pathway it is a year of.
    pgy = models.PositiveSmallIntegerField(
        "PGY", null=True, blank=True, help_text="For trainees: the postgraduate year (1 to 7)."
    )
    pathway = models.CharField(max_length=40, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    secret_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Never the digest: the trail says who was invited and what became of it.
    RECORD_FIELDS = (
        "program",
        "email",
        "first_name",
        "last_name",
        "role",
        "start_date",
        "end_date",
        "pgy",
        "pathway",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["program", "email"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}> · {self.role}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def status_at(self, at: dt.datetime) -> str:
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if at >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING

    def is_open(self, at: dt.datetime) -> bool:
        return self.status_at(at) == self.Status.PENDING
