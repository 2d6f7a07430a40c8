"""Dose reports as Seldinger keeps them: the figures, never the patient (docs/dose.md)."""

from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields


class SuiteName(RecordedFields):
    """A form of a trainee's name as the angiography suite records it (``DOE^JANE``)."""

    RECORD_FIELDS = ("trainee", "form")

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suite_names"
    )
    form = models.CharField(max_length=128, help_text="FAMILY^GIVEN, as compared.")

    class Meta:
        ordering = ["form"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "form"], name="unique_suite_name")
        ]

    def __str__(self) -> str:
        return self.form


class DoseStudy(RecordedFields):
    """One imported dose report: a draft case for its trainee, or a report in the program's
    inbox waiting to be assigned.

    ``study_key`` is the keyed hash of the Study Instance UID (``rdsr.study_key``); no
    identifier of the patient or the study is stored.
    """

    RECORD_FIELDS = (
        "status",
        "trainee",
        "program",
        "performed_on",
        "device",
        "dap_total_gycm2",
        "rp_air_kerma_mgy",
        "fluoro_time_s",
        "events",
        "suggested_procedure",
        "case",
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft case, for the trainee to confirm"
        UNASSIGNED = "unassigned", "In the inbox, for the coordinator to assign"
        CONFIRMED = "confirmed", "Confirmed: a case awaiting verification"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Upload"
        COMMAND = "command", "Command line"
        LISTENER = "listener", "DICOM listener"

    study_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dose_studies",
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dose_studies",
        help_text="Whose inbox an unassigned report is in (none: the administrators').",
    )
    performed_on = models.DateField()
    device = models.CharField(max_length=130, blank=True)
    dap_total_gycm2 = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    rp_air_kerma_mgy = models.DecimalField(max_digits=12, decimal_places=3, null=True)
    fluoro_time_s = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    planes = models.JSONField(help_text="Each plane's totals: plane, DAP, air kerma, time, events.")
    events = models.PositiveIntegerField()
    suggested_procedure = models.CharField(max_length=80, blank=True)
    totals_check = models.TextField(
        blank=True, help_text="Where the sums of the events disagree with the totals."
    )
    reason = models.CharField(max_length=200, blank=True, help_text="Why it is unassigned.")
    source = models.CharField(max_length=10, choices=Source.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.OneToOneField(
        "caselog.CaseEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dose_study",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-performed_on", "-id"]
        indexes = [models.Index(fields=["trainee", "status"]), models.Index(fields=["status"])]
        verbose_name_plural = "dose studies"

    def __str__(self) -> str:
        return f"{self.performed_on} {self.device} ({self.status})"
