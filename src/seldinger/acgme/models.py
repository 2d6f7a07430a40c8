from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields


class CaseLogEntry(RecordedFields):
    """A verified case entered in the ACGME Case Log (so it is neither entered twice nor
    forgotten)."""

    RECORD_FIELDS = ("case", "entered_by", "entered_at")

    case = models.OneToOneField(
        "caselog.CaseEntry", on_delete=models.CASCADE, related_name="acgme_entry"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name = "ACGME Case Log entry"
        verbose_name_plural = "ACGME Case Log entries"

    def __str__(self) -> str:
        return f"case {self.case_id} entered {self.entered_at:%Y-%m-%d}"
