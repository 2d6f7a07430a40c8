from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change to a record: who, when, what, and the state before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # One index for a record's history (and the record types); no single-column
        # ones, which a bulk import would pay for on every entry.
        indexes = [models.Index(fields=["record_type", "record_id"], name="audit_entry_record_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor} {self.action} {self.record_type}#{self.record_id}"
