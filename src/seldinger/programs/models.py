from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from seldinger.audit.records import RecordedFields

#: Two-letter codes of the states, DC and the territories with ACGME programs.
US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
)
STATE_CODES = frozenset(code for code, _ in US_STATES)

#: Procedure-mix areas: (field name, label).
MIX_FIELDS: tuple[tuple[str, str], ...] = (
    ("mix_vascular_pct", "Vascular"),
    ("mix_oncologic_pct", "Oncologic"),
    ("mix_neuro_pct", "Neuro"),
    ("mix_pediatric_pct", "Pediatric"),
)
#: Salary fields by postgraduate year.
SALARY_FIELDS: tuple[str, ...] = tuple(f"salary_pgy{year}" for year in range(1, 8))
POSITION_FIELDS: tuple[str, ...] = (
    "positions_categorical",
    "positions_advanced",
    "positions_preliminary",
    "positions_physician",
)


class Program(models.Model):
    """An ACGME-accredited training program and its profile in the directory.

    Profile numbers are what the program reports; empty means "not reported"
    (never zero), so scores and filters can tell the two apart.
    """

    class Kind(models.TextChoices):
        INTEGRATED_IR = "integrated-ir", "Integrated IR/DR residency"
        INDEPENDENT_IR = "independent-ir", "Independent IR residency"
        DR = "dr", "Diagnostic radiology residency"
        DR_ESIR = "dr-esir", "Diagnostic radiology residency with ESIR"

    class Accreditation(models.TextChoices):
        """ACGME accreditation statuses."""

        INITIAL = "initial", "Initial accreditation"
        INITIAL_WARNING = "initial-warning", "Initial accreditation with warning"
        CONTINUED = "continued", "Continued accreditation"
        CONTINUED_WARNING = "continued-warning", "Continued accreditation with warning"
        PROBATION = "probation", "Probationary accreditation"
        WITHDRAWN = "withdrawn", "Accreditation withdrawn"

    class InterviewFormat(models.TextChoices):
        VIRTUAL = "virtual", "Virtual"
        IN_PERSON = "in-person", "In person"
        HYBRID = "hybrid", "Hybrid (virtual with an optional visit)"

    name = models.CharField(max_length=200)
    acgme_id = models.CharField("ACGME ID", max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    institution = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=US_STATES)
    accreditation_status = models.CharField(
        max_length=20, choices=Accreditation.choices, blank=True
    )
    # NRMP position types per year: categorical (PGY-1 included), advanced (starts
    # PGY-2), preliminary (one PGY-1 year), physician (R, after a PGY-1).
    positions_categorical = models.PositiveSmallIntegerField("categorical positions", default=0)
    positions_advanced = models.PositiveSmallIntegerField("advanced positions", default=0)
    positions_preliminary = models.PositiveSmallIntegerField("preliminary positions", default=0)
    positions_physician = models.PositiveSmallIntegerField("physician positions", default=0)
    annual_case_volume = models.PositiveIntegerField(
        "annual IR case volume",
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
        help_text="IR procedures a year in the training sites.",
    )
    mix_vascular_pct = models.PositiveSmallIntegerField(
        "vascular (% of cases)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    mix_oncologic_pct = models.PositiveSmallIntegerField(
        "oncologic (% of cases)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    mix_neuro_pct = models.PositiveSmallIntegerField(
        "neuro (% of cases)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    mix_pediatric_pct = models.PositiveSmallIntegerField(
        "pediatric (% of cases)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    faculty_count = models.PositiveSmallIntegerField(
        "IR faculty", null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    publications_per_year = models.PositiveSmallIntegerField(
        "publications a year", null=True, blank=True, validators=[MaxValueValidator(10_000)]
    )
    research_rotation = models.BooleanField("research rotation", null=True, blank=True)
    icu_rotation = models.BooleanField("ICU rotation", null=True, blank=True)
    call_schedule = models.CharField(
        "call", max_length=300, blank=True, help_text="For example: home call q6, night float."
    )
    salary_pgy1 = models.PositiveIntegerField(
        "salary PGY-1", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    salary_pgy2 = models.PositiveIntegerField(
        "salary PGY-2", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    salary_pgy3 = models.PositiveIntegerField(
        "salary PGY-3", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    salary_pgy4 = models.PositiveIntegerField(
        "salary PGY-4", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    salary_pgy5 = models.PositiveIntegerField(
        "salary PGY-5", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    salary_pgy6 = models.PositiveIntegerField(
        "salary PGY-6", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    salary_pgy7 = models.PositiveIntegerField(
        "salary PGY-7", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    benefits = models.TextField(blank=True)
    interview_format = models.CharField(max_length=20, choices=InterviewFormat.choices, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    profile_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_synthetic = models.BooleanField(default=False, help_text="Demo data: not a real program.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        mix = [getattr(self, name) for name, _ in MIX_FIELDS]
        total = sum(value for value in mix if value is not None)
        if total > 100:
            raise ValidationError(f"The procedure-mix percentages add up to {total}, over 100.")
        if self.state:
            self.state = self.state.upper()

    @property
    def offers_esir(self) -> bool:
        return self.kind == self.Kind.DR_ESIR

    @property
    def positions_total(self) -> int:
        return sum(getattr(self, name) for name in POSITION_FIELDS)

    @property
    def procedure_mix(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in MIX_FIELDS]

    @property
    def salaries(self) -> list[tuple[int, int | None]]:
        return [(year, getattr(self, f"salary_pgy{year}")) for year in range(1, 8)]

    @property
    def reported_salaries(self) -> list[tuple[int, int]]:
        return [(year, salary) for year, salary in self.salaries if salary is not None]

    def as_record(self) -> dict[str, Any]:
        """The profile as plain JSON values, for the audit trail and exports."""
        return {
            field.name: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in ("id", "profile_updated_at")
        }


class ScoringPreference(RecordedFields):
    """A user's saved weights for the personal program score."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_scoring"
    )
    weights = models.JSONField(default=dict)
    preferred_states = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = ("weights", "preferred_states")

    def __str__(self) -> str:
        return f"Program score weights of {self.user}"
