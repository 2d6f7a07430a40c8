"""Jobs board postings, applicants' saved jobs, and community events."""

from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields
from seldinger.careers.community import AUDIENCES


class JobPosting(RecordedFields):
    """An IR position an employer posts; only its employer edits it."""

    class Setting(models.TextChoices):
        ACADEMIC = "academic", "Academic"
        PRIVATE_PRACTICE = "private-practice", "Private practice"
        HOSPITAL_EMPLOYED = "hospital-employed", "Hospital-employed"
        OUTPATIENT = "outpatient", "Outpatient / office-based lab"

    class Subspecialty(models.TextChoices):
        GENERAL = "general", "General IR"
        VASCULAR = "vascular", "Vascular"
        ONCOLOGY = "oncology", "Interventional oncology"
        NEURO = "neuro", "Neurointerventional"
        PEDIATRIC = "pediatric", "Pediatric"

    employer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_postings"
    )
    title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    setting = models.CharField(max_length=20, choices=Setting.choices)
    subspecialty = models.CharField(
        max_length=20, choices=Subspecialty.choices, default=Subspecialty.GENERAL
    )
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, help_text="Two-letter US state code, e.g. MN.")
    call = models.CharField(
        "call", max_length=200, blank=True, help_text="e.g. 1 in 6 weeknights, 1 in 4 weekends."
    )
    salary_min = models.PositiveIntegerField("salary from (USD a year)", null=True, blank=True)
    salary_max = models.PositiveIntegerField("salary to (USD a year)", null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    description = models.TextField()
    contact = models.CharField(max_length=200, help_text="An email address or a web address.")
    is_open = models.BooleanField(default=True, help_text="Closed postings are hidden.")
    is_synthetic = models.BooleanField(
        default=False, help_text="Synthetic demo data: a made-up position."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: What the employer enters and may change (the form and the services).
    EDITABLE_FIELDS = (
        "title",
        "organisation",
        "setting",
        "subspecialty",
        "city",
        "state",
        "call",
        "salary_min",
        "salary_max",
        "start_date",
        "description",
        "contact",
        "is_open",
    )
    RECORD_FIELDS = (*EDITABLE_FIELDS, "is_synthetic")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.organisation} ({self.city}, {self.state})"

    @property
    def salary_text(self) -> str:
        """The salary range as text ("$450,000 to $550,000 a year"), or "" when not stated."""
        low, high = self.salary_min, self.salary_max
        if low is None and high is None:
            return ""
        if low is not None and high is not None:
            return f"${low:,} to ${high:,} a year"
        if low is not None:
            return f"from ${low:,} a year"
        return f"up to ${high:,} a year"


class SavedJob(RecordedFields):
    """A posting an applicant saved, with their status and private notes."""

    class Status(models.TextChoices):
        SAVED = "saved", "Saved"
        APPLIED = "applied", "Applied"
        INTERVIEWING = "interviewing", "Interviewing"
        OFFER = "offer", "Offer"
        DECLINED = "declined", "Declined"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs"
    )
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="saved_by")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SAVED)
    notes = models.TextField(blank=True, help_text="Private: only you see these notes.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = ("posting", "status", "notes")

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "posting"], name="unique_saved_job")
        ]

    def __str__(self) -> str:
        return f"{self.owner} · {self.posting} · {self.get_status_display()}"


class CommunityEvent(models.Model):
    """A community event (SIR meeting, practicum, webinar) for some personas."""

    class Kind(models.TextChoices):
        ANNUAL_MEETING = "annual-meeting", "Annual scientific meeting"
        PRACTICUM = "practicum", "Course / practicum"
        WEBINAR = "webinar", "Webinar"
        RFS = "rfs", "RFS Section"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    audiences = models.JSONField(
        default=list,
        blank=True,
        help_text="Persona keys: " + ", ".join(key for key, _ in AUDIENCES) + ".",
    )
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    dates_are_examples = models.BooleanField(
        default=False, help_text="The dates are illustrative (demo data), not announced ones."
    )

    class Meta:
        ordering = ["start_date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date.isoformat()})"

    def audience_labels(self) -> list[str]:
        labels = dict(AUDIENCES)
        return [labels.get(key, key) for key in self.audiences]
