from django.conf import settings
from django.db import models


class CaseRole(models.TextChoices):
    PRIMARY = "primary", "Primary operator"
    ASSISTANT = "assistant", "Assistant"
    OBSERVER = "observer", "Observer"


class Modality(models.TextChoices):
    FLUOROSCOPY = "fluoroscopy", "Fluoroscopy"
    CT = "ct", "CT"
    ULTRASOUND = "ultrasound", "Ultrasound"
    MRI = "mri", "MRI"
    CBCT = "cbct", "Cone-beam CT"


class AgeBand(models.TextChoices):
    INFANT = "infant", "Infant (under 1)"
    CHILD = "child", "Child (1-12)"
    ADOLESCENT = "adolescent", "Adolescent (13-17)"
    ADULT = "adult", "Adult (18-64)"
    OLDER_ADULT = "older-adult", "Older adult (65+)"


class Complication(models.TextChoices):
    """None, or the SIR adverse event classification (Khalilzadeh et al., JVIR 2017)."""

    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"
    LIFE_THREATENING = "life-threatening", "Life-threatening"
    DEATH = "death", "Death"


class CaseEntry(models.Model):
    """One de-identified procedure a trainee took part in."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting verification"
        VERIFIED = "verified", "Verified"
        RETURNED = "returned", "Returned for correction"

    class Source(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        IMPORT = "import", "Import"
        DOSE_REPORT = "rdsr", "Dose report"

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="case_entries",
        db_index=False,  # the indexes below all start with the trainee
    )
    performed_on = models.DateField()
    procedure_key = models.CharField(max_length=80)
    category_key = models.CharField(max_length=80)
    role = models.CharField(max_length=10, choices=CaseRole.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_cases",
        db_index=False,  # the (supervisor, status) index below starts with it
    )
    modality = models.CharField(max_length=12, choices=Modality.choices)
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    fluoro_minutes = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    dap_gycm2 = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    air_kerma_mgy = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    complication = models.CharField(
        max_length=20, choices=Complication.choices, default=Complication.NONE
    )
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed below where set: a new case costs no index entry
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # Content hash of the case's fields, to recognise re-imported rows.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-performed_on", "-id"]
        indexes = [
            # The log by date, and progress counted from the index alone (no row read).
            models.Index(fields=["trainee", "performed_on", "category_key", "role"]),
            models.Index(fields=["trainee", "fingerprint"]),
            models.Index(fields=["supervisor", "status"]),
            # Who verified (for a user's deletion); a pending case, as imported, is not in it.
            models.Index(
                fields=["verified_by"],
                condition=models.Q(verified_by__isnull=False),
                name="caselog_case_verified_by_idx",
            ),
            # The latest cases logged: the next case's defaults and quick picks.
            models.Index(fields=["trainee", "created_at", "id"]),
            # A trainee's cases added since their counts were kept (``caselog.counts``).
            models.Index(fields=["trainee", "id"]),
        ]
        verbose_name_plural = "case entries"

    def __str__(self) -> str:
        return f"{self.performed_on} {self.procedure_key} ({self.role})"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class CaseRequirement(models.Model):
    """A program's own graduation minimum (the ACGME IR minimums are not public)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="case_requirements"
    )
    name = models.CharField(max_length=120)
    category_key = models.CharField(
        max_length=80, blank=True, help_text="Catalogue category; blank counts every category."
    )
    roles = models.CharField(
        max_length=40,
        default="primary,assistant",
        help_text="Comma-separated case roles that count (primary, assistant, observer).",
    )
    minimum = models.PositiveIntegerField()

    class Meta:
        ordering = ["program", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_requirement_name")
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.name} ≥ {self.minimum}"

    @property
    def role_list(self) -> list[str]:
        return [role.strip() for role in self.roles.split(",") if role.strip()]


class CaseCounts(models.Model):
    """A trainee's cases counted per category and role on one day, kept between requests.

    Written and read only by ``seldinger.caselog.counts`` (which says why they stay exact);
    ``caselog.services`` forgets them when a case changes or goes.
    """

    trainee = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    as_of = models.DateField()
    window_start = models.DateField(help_text="The first day counted as recent (the pace).")
    last_case = models.BigIntegerField(
        help_text="The highest case id when counted: a trainee with a later case is counted again."
    )
    counts = models.JSONField(help_text="[category, role, cases, recent, first date] rows.")
    months = models.JSONField(null=True, help_text="The cases by month, once a dashboard asked.")

    class Meta:
        verbose_name_plural = "case counts"

    def __str__(self) -> str:
        return f"{self.trainee_id}: counts of {self.as_of}"


class ImportColumns(models.Model):
    """How a user last mapped an export's columns onto a case's fields, to suggest next time.

    Only column titles (normalised) and the values filling every row: never a cell of a
    file, and never a column that identifies a patient (``columns.is_identifier``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_columns"
    )
    #: {"columns": {title: field or ""}, "fill": {field: value}}
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "import column mappings"

    def __str__(self) -> str:
        return f"import columns of {self.user_id}"
