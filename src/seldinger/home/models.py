"""Who asked for the to-do list by e-mail, and how often. Nobody gets it unasked."""

from django.conf import settings
from django.db import models


class DigestSubscription(models.Model):
    """A user's opt-in to the e-mail digest of their to-do list (no row: no e-mail)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Once a week"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    #: The day the last digest went out: a schedule that runs twice sends it once.
    last_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
