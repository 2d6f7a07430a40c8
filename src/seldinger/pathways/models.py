from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields
from seldinger.pathways.planner import STAGE_KEYS


class SavedPlan(RecordedFields):
    """A person's saved planner input; the plan itself is recomputed from the current rules."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_plans"
    )
    title = models.CharField(max_length=120, blank=True)
    stage = models.CharField(max_length=10, choices=[(key, key) for key in STAGE_KEYS])
    stage_start = models.DateField()
    pathway = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = ("title", "stage", "stage_start", "pathway")

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.pathway} from {self.stage} ({self.stage_start})"


RESIDENCY_STAGES = [(key, key.upper()) for key in STAGE_KEYS if key.startswith("pgy")]


class TrainingRecord(RecordedFields):
    """A trainee's training: pathway, stage and dates, held once.

    The planner, the certification tracker, case-log progress, the work-hour
    checker and the calendar feed all read this record; graduation and the exam
    dates are computed from it (with its time off and extension), never stored.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_record"
    )
    pathway = models.CharField(max_length=40)
    stage = models.CharField(
        max_length=10, choices=RESIDENCY_STAGES, help_text="A postgraduate year (PGY-1 to PGY-7)."
    )
    stage_start = models.DateField(help_text="The date that postgraduate year started.")
    extension_workdays = models.PositiveIntegerField(
        default=0,
        help_text="An extension of training set by the program director, in workdays. Time off "
        "beyond the ABR allowance extends training by at least the excess anyway.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = ("pathway", "stage", "stage_start", "extension_workdays")

    def __str__(self) -> str:
        return f"{self.user} · {self.pathway} · {self.stage} from {self.stage_start}"


class TimeOff(RecordedFields):
    """Time off from training that the ABR leave policy counts (no reason beyond the kind)."""

    class Kind(models.TextChoices):
        VACATION = "vacation", "Vacation"
        PARENTAL = "parental", "Parental leave"
        CAREGIVER = "caregiver", "Caregiver leave"
        MEDICAL = "medical", "Medical leave"
        OTHER = "other", "Other approved leave"

    record = models.ForeignKey(TrainingRecord, on_delete=models.CASCADE, related_name="time_off")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VACATION)
    start = models.DateField()
    end = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    RECORD_FIELDS = ("kind", "start", "end")

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="time_off_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start} to {self.end}"
