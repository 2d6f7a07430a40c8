"""Board certification records: a person's certificate or training, OLA, CME and PQI.

Every record belongs to one owner; only the owner reads or changes it
(``seldinger.certification.selectors``). CME certificates are stored under
``settings.PRIVATE_MEDIA_ROOT``, never under a public media URL.
"""

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models

from seldinger.audit.records import RecordedFields
from seldinger.certification.tracker import CATEGORY_1


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT`` (read on each use), with no public URL."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: download them through their view.")


_PRIVATE_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _PRIVATE_STORAGE


class Certificate(models.TextChoices):
    IR_DR = "IR/DR", "Interventional Radiology and Diagnostic Radiology (IR/DR)"
    DR = "DR", "Diagnostic Radiology (DR)"
    VIR = "VIR", "Vascular and Interventional Radiology (VIR subspecialty)"


class DiplomateProfile(RecordedFields):
    """A person's ABR certificate, or a trainee's Core exam result.

    A trainee's pathway and dates are their training record
    (``seldinger.pathways.models.TrainingRecord``), not held here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diplomate_profile"
    )
    certificate = models.CharField(max_length=10, choices=Certificate.choices, blank=True)
    initial_certification = models.DateField(
        null=True,
        blank=True,
        help_text="The date the certificate was first issued (decides lifetime, time-limited "
        "or continuous). Leave empty while in training.",
    )
    opted_in = models.BooleanField(
        "opted in to continuing certification",
        default=False,
        help_text="Lifetime certificate holders may take part in continuing certification.",
    )
    core_exam_passed_on = models.DateField("Core exam passed on", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = (
        "certificate",
        "initial_certification",
        "opted_in",
        "core_exam_passed_on",
    )

    def __str__(self) -> str:
        return f"{self.user} · {self.certificate or 'no certificate'}"


class OlaRecord(RecordedFields):
    """OLA questions in one calendar year (as the ABR's OLA dashboard shows them)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ola_records"
    )
    year = models.PositiveIntegerField(validators=[MinValueValidator(2000)])
    answered = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(
        null=True, blank=True, help_text="Correct answers, if known."
    )
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = ("year", "answered", "declined", "correct")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="unique_ola_year_per_owner")
        ]

    def __str__(self) -> str:
        return f"OLA {self.year}: {self.answered} answered"


def certificate_upload_to(instance: "CmeActivity", filename: str) -> str:
    """A random name under the owner's folder; the original name is kept in the record."""
    extension = os.path.splitext(filename)[1].lower()
    return f"cme/{instance.owner_id}/{uuid.uuid4().hex}{extension}"


class CmeActivity(RecordedFields):
    class CreditType(models.TextChoices):
        CATEGORY_1 = CATEGORY_1, "AMA PRA Category 1"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cme_activities"
    )
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    date = models.DateField(help_text="The date the credits were earned.")
    credits = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    credit_type = models.CharField(
        max_length=40, choices=CreditType.choices, default=CreditType.CATEGORY_1
    )
    self_assessment = models.BooleanField(
        "self-assessment CME (SA-CME)",
        default=False,
        help_text="Counted toward the 25 SA-CME credits the ABR required until January 2024.",
    )
    certificate = models.FileField(
        upload_to=certificate_upload_to, storage=private_storage, blank=True, max_length=255
    )
    certificate_name = models.CharField(max_length=255, blank=True)
    certificate_content_type = models.CharField(max_length=40, blank=True)
    certificate_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    EDITABLE_FIELDS = ("title", "provider", "date", "credits", "credit_type", "self_assessment")
    """What the owner enters and may change (the form, the service, the API)."""
    RECORD_FIELDS = (
        *EDITABLE_FIELDS,
        "certificate",
        "certificate_name",
        "certificate_content_type",
        "certificate_size",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "CME activity"
        verbose_name_plural = "CME activities"

    def __str__(self) -> str:
        return f"{self.title} ({self.credits} credits, {self.date})"


class PqiActivity(RecordedFields):
    class Kind(models.TextChoices):
        PROJECT = "project", "PQI project"
        PARTICIPATORY = "participatory", "Participatory QI activity"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pqi_activities"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    completed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    RECORD_FIELDS = ("title", "kind", "completed_on")

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = "PQI activity"
        verbose_name_plural = "PQI activities"

    def __str__(self) -> str:
        return f"{self.title} ({self.completed_on})"
