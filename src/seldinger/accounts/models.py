import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

# Registers ProgramMembership with Django; its name is imported only inside accounts.
from seldinger.accounts import membership as _membership  # noqa: F401
from seldinger.accounts.tokens import PREFIX
from seldinger.audit.records import RecordedFields


class Role(models.TextChoices):
    STUDENT = "student", "Student / applicant"
    RESIDENT = "resident", "Resident / fellow"
    FACULTY = "faculty", "Faculty"
    COORDINATOR = "coordinator", "Program coordinator"
    DIRECTOR = "director", "Program director"
    DIPLOMATE = "diplomate", "Diplomate (practising IR)"
    EMPLOYER = "employer", "Employer"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A person using Seldinger; ``role`` is what they mainly come for."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    # A graduate or a leaver: they still log in, but their records are read-only to them.
    deactivated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Deactivated (a graduate or a leaver): may log in and read, change nothing.",
    )

    @property
    def is_deactivated(self) -> bool:
        return self.deactivated_at is not None

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class ApiToken(RecordedFields):
    """A personal access token for scripts and integrations: the API answers it as its user.

    Only the secret's digest is stored (``accounts.tokens``); the token itself is shown once.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read-write", "Read and write"

    # How long a new token lasts, in days: every token expires.
    LIFETIMES = (30, 90, 365)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. a script.")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    key = models.CharField(max_length=20, unique=True)
    secret_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Never the digest: the audit trail says which token, not how to check one.
    RECORD_FIELDS = ("user", "name", "scope", "key", "expires_at", "revoked_at")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def prefix(self) -> str:
        """The start of the token, which names it in lists without giving it away."""
        return f"{PREFIX}{self.key}"

    def is_usable(self, at: dt.datetime) -> bool:
        return self.revoked_at is None and at < self.expires_at

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
