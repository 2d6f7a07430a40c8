"""An applicant's tracker and the Main Residency Match rank order lists.

Everything here is private to its owner: a student's applications, checklist
and rank order list; a couple's paired list (its two partners); a program's
rank order list (the program's director and coordinator). The selectors
decide who sees what; the services write and audit.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from seldinger.applications.tracks import TRACK_KINDS, TRACK_LABELS, track_id
from seldinger.audit.records import RecordedFields

if TYPE_CHECKING:
    from seldinger.accounts.models import User

TRACK_CHOICES = [(kind, TRACK_LABELS[kind]) for kind in TRACK_KINDS]


class ApplicantProfile(RecordedFields):
    """A student's match year and the components of their ERAS application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    match_year = models.PositiveSmallIntegerField(
        help_text="The year of the Main Residency Match Day (residency starts that July)."
    )
    eras_application = models.BooleanField("ERAS application submitted", default=False)
    personal_statement = models.BooleanField("Personal statement written", default=False)
    letters_count = models.PositiveSmallIntegerField("Letters of recommendation", default=0)
    letters_ir_count = models.PositiveSmallIntegerField("of which from IR faculty", default=0)
    usmle_step1_passed = models.BooleanField("USMLE Step 1 passed", default=False)
    usmle_step2_score = models.PositiveSmallIntegerField(
        "USMLE Step 2 CK score", null=True, blank=True
    )
    comlex_level1_passed = models.BooleanField("COMLEX Level 1 passed", default=False)
    comlex_level2_score = models.PositiveSmallIntegerField(
        "COMLEX Level 2-CE score", null=True, blank=True
    )
    mspe = models.BooleanField("MSPE (dean's letter) released", default=False)
    transcript = models.BooleanField("Transcript uploaded", default=False)
    photo = models.BooleanField("Photo uploaded", default=False)
    signals_available = models.PositiveSmallIntegerField(
        "Program signals available",
        null=True,
        blank=True,
        help_text="How many program signals the specialty allows this season (if any).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    CHECKLIST_FIELDS = (
        "match_year",
        "eras_application",
        "personal_statement",
        "letters_count",
        "letters_ir_count",
        "usmle_step1_passed",
        "usmle_step2_score",
        "comlex_level1_passed",
        "comlex_level2_score",
        "mspe",
        "transcript",
        "photo",
        "signals_available",
    )
    RECORD_FIELDS = CHECKLIST_FIELDS

    def __str__(self) -> str:
        return f"{self.user} · match {self.match_year}"


class Application(RecordedFields):
    """One program a student applies to (or considers), with its status and dates."""

    class Status(models.TextChoices):
        INTERESTED = "interested", "Interested"
        APPLIED = "applied", "Applied"
        INTERVIEW_INVITED = "interview_invited", "Interview invited"
        INTERVIEWED = "interviewed", "Interviewed"
        RANKED = "ranked", "Ranked"
        WITHDRAWN = "withdrawn", "Withdrawn"

    #: Statuses under which the program knows of the application (and may rank the applicant).
    KNOWN_TO_PROGRAM = (
        Status.APPLIED,
        Status.INTERVIEW_INVITED,
        Status.INTERVIEWED,
        Status.RANKED,
    )

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTERESTED)
    signal = models.BooleanField("Program signal sent", default=False)
    applied_on = models.DateField(null=True, blank=True)
    interview_invited_on = models.DateField("Interview invitation received", null=True, blank=True)
    interview_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Private: only you see your notes.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = (
        "status",
        "signal",
        "applied_on",
        "interview_invited_on",
        "interview_date",
        "notes",
    )

    class Meta:
        ordering = ["program__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "program"], name="unique_application_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.program} ({self.get_status_display()})"

    def as_record(self) -> dict[str, Any]:
        return {"program": self.program.acgme_id, **super().as_record()}


class Certifiable(models.Model):
    """A list that is certified (read-only) until uncertified or locked."""

    match_year = models.PositiveSmallIntegerField()
    certified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def certified(self) -> bool:
        return self.certified_at is not None


class RankOrderList(Certifiable):
    """An applicant's primary rank order list for one match year."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rank_order_lists"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "match_year"], name="unique_rank_list_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant}'s rank order list, {self.match_year}"

    def as_record(self) -> dict[str, Any]:
        entries = self.entries.select_related("program").prefetch_related("supplemental__program")
        return {
            "match_year": self.match_year,
            "certified": self.certified,
            "tracks": [entry.track_id for entry in entries],
            "supplemental": {
                entry.track_id: [item.track_id for item in entry.supplemental.all()]
                for entry in entries
                if entry.supplemental.all()
            },
        }


class RankOrderEntry(models.Model):
    """One program track on an applicant's list; ``rank`` 1 is the first choice."""

    rank_list = models.ForeignKey(RankOrderList, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveIntegerField()
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=20, choices=TRACK_CHOICES)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rank_list", "program", "track"], name="unique_track_per_rank_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.track_id}"

    @property
    def track_id(self) -> str:
        return track_id(self.program.acgme_id, self.track)


class SupplementalEntry(models.Model):
    """A preliminary track on the supplemental list attached to an Advanced entry."""

    entry = models.ForeignKey(RankOrderEntry, on_delete=models.CASCADE, related_name="supplemental")
    rank = models.PositiveIntegerField()
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "program"], name="unique_program_per_supplemental_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.track_id}"

    @property
    def track(self) -> str:
        return "preliminary"

    @property
    def track_id(self) -> str:
        return track_id(self.program.acgme_id, "preliminary")


class Couple(Certifiable):
    """Two applicants matching as a couple, by invitation and acceptance, with a paired list.

    ``first`` invited ``second``; in the paired list the first program of each
    pair is ``first``'s and the second is ``second``'s.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Invitation pending"
        ACCEPTED = "accepted", "Couple formed"

    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couples_invited"
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couples_joined"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="couple_of_two_people"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first} & {self.second} ({self.match_year}, {self.get_status_display()})"

    @property
    def accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def partner_of(self, user: "User") -> "User":
        return self.second if user.pk == self.first_id else self.first

    def as_record(self) -> dict[str, Any]:
        return {
            "first": self.first.username,
            "second": self.second.username,
            "match_year": self.match_year,
            "status": self.status,
            "certified": self.certified,
            "pairs": [
                entry.pair
                for entry in self.entries.select_related("first_program", "second_program")
            ],
        }


class CoupleRankEntry(models.Model):
    """One pair on a couple's list: a track for each partner, or "no match" (null)."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveIntegerField()
    first_program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    first_track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)
    second_program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    second_track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)

    class Meta:
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.pair}"

    @property
    def first_track_id(self) -> str | None:
        if self.first_program is None:
            return None
        return track_id(self.first_program.acgme_id, self.first_track)

    @property
    def second_track_id(self) -> str | None:
        if self.second_program is None:
            return None
        return track_id(self.second_program.acgme_id, self.second_track)

    @property
    def pair(self) -> list[str | None]:
        return [self.first_track_id, self.second_track_id]


class ProgramRankOrderList(Certifiable):
    """A program's rank order list of applicants for one of its tracks and one match year."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="rank_order_lists"
    )
    track = models.CharField(max_length=20, choices=TRACK_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "track", "match_year"],
                name="unique_program_rank_list_per_track_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.get_track_display()} rank order list, {self.match_year}"

    @property
    def track_id(self) -> str:
        return track_id(self.program.acgme_id, self.track)

    def as_record(self) -> dict[str, Any]:
        return {
            "track": self.track_id,
            "match_year": self.match_year,
            "certified": self.certified,
            "applicants": [
                entry.applicant.username for entry in self.entries.select_related("applicant")
            ],
        }


class ProgramRankEntry(models.Model):
    """One applicant on a program's list; ``rank`` 1 is the program's first choice."""

    rank_list = models.ForeignKey(
        ProgramRankOrderList, on_delete=models.CASCADE, related_name="entries"
    )
    rank = models.PositiveIntegerField()
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rank_list", "applicant"], name="unique_applicant_per_program_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.applicant}"
