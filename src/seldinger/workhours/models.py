"""Logged work hours and the residents' justifications of work-hour violations.

Violations themselves are not stored: they are recomputed from the shifts by
``seldinger.workhours.rules.check``. A justification is keyed by (resident, rule,
period start, period end), so the same violation, recomputed, finds it again.
"""

from django.conf import settings
from django.db import models


class ShiftKind(models.TextChoices):
    CLINICAL = "clinical", "Clinical (in house)"
    CALL = "call", "In-house call"
    HOME_CALL = "home-call", "At-home call (not called in)"
    HOME_CALL_WORK = "home-call-work", "Clinical work from home call"
    MOONLIGHTING = "moonlighting", "Moonlighting"
    EDUCATION = "education", "Education"


class ShiftEntry(models.Model):
    """One continuous period of work a resident logged (aware datetimes)."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_entries"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=ShiftKind.choices, default=ShiftKind.CLINICAL)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["resident", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="workhours_shift_ends_after_start",
            )
        ]
        verbose_name = "shift"

    def __str__(self) -> str:
        return (
            f"{self.resident} {self.kind} {self.start:%Y-%m-%d %H:%M} to {self.end:%Y-%m-%d %H:%M}"
        )

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


#: The longest justification a resident writes for a violation (the web form and the API).
JUSTIFICATION_MAX_LENGTH = 2000


class ViolationJustification(models.Model):
    """A resident's explanation of one (recomputed) work-hour violation."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hour_justifications"
    )
    rule = models.CharField(max_length=40)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period_start", "rule"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "rule", "period_start", "period_end"],
                name="workhours_one_justification_per_violation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.rule} {self.period_start:%Y-%m-%d}"
