"""Scholarly activity of trainees (five kinds), mentor assignments and meeting notes.

No PHI belongs anywhere here: titles, aims and notes describe work, not patients.
"""

from typing import Any

from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields, record_of


class Activity(models.Model):
    """Fields every kind of scholarly activity has: whose it is and when it was recorded."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: models.Manager["Activity"] = models.Manager()

    #: Short machine name ("publications") used in URLs, the API and the export.
    KIND = ""
    #: Human label of the kind ("Publication").
    LABEL = ""
    PLURAL = ""
    #: Editable fields, in form order.
    FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def as_record(self) -> dict[str, Any]:
        return record_of(self, self.FIELDS)


class Publication(Activity):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        PUBLISHED = "published", "Published"

    journal = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    date = models.DateField(
        null=True,
        blank=True,
        help_text="Optional date of the current status; places the publication in an "
        "academic year. Without it, the year counts as the academic year ending June 30 "
        "of that year.",
    )
    authors = models.TextField(help_text="As cited, e.g. “Doe J, Roe R, et al.”")
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)

    KIND = "publications"
    LABEL = "Publication"
    PLURAL = "Publications"
    FIELDS = ("title", "journal", "year", "date", "authors", "doi", "pmid", "status")

    class Meta:
        ordering = ("-year", "-id")


class Presentation(Activity):
    class Meeting(models.TextChoices):
        SIR = "sir", "SIR Annual Scientific Meeting"
        RSNA = "rsna", "RSNA Annual Meeting"
        OTHER = "other", "Other meeting"

    class Kind(models.TextChoices):
        ORAL = "oral", "Oral presentation"
        POSTER = "poster", "Poster"
        EPOSTER = "e-poster", "E-poster"

    meeting = models.CharField(max_length=10, choices=Meeting.choices, default=Meeting.SIR)
    meeting_other = models.CharField(
        "Other meeting", max_length=200, blank=True, help_text="The meeting's name, for “Other”."
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ORAL)

    KIND = "presentations"
    LABEL = "Presentation"
    PLURAL = "Presentations"
    FIELDS = ("title", "meeting", "meeting_other", "date", "kind")

    class Meta:
        ordering = ("-date", "-id")

    @property
    def meeting_name(self) -> str:
        if self.meeting == self.Meeting.OTHER:
            return self.meeting_other
        return str(self.get_meeting_display())


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class ResearchProject(Activity):
    role = models.CharField(
        max_length=100, help_text="e.g. principal investigator, co-investigator"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    irb_approved = models.BooleanField("IRB approved", default=False)

    KIND = "research"
    LABEL = "Research project"
    PLURAL = "Research projects"
    FIELDS = ("title", "role", "start_date", "end_date", "status", "irb_approved")

    class Meta:
        ordering = ("-start_date", "-id")


class QualityProject(Activity):
    aim = models.TextField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )

    KIND = "qi"
    LABEL = "Quality-improvement project"
    PLURAL = "Quality-improvement projects"
    FIELDS = ("title", "aim", "start_date", "end_date", "status")

    class Meta:
        ordering = ("-start_date", "-id")


class ConferenceAttendance(Activity):
    """A meeting attended; ``title`` is the meeting's name."""

    start_date = models.DateField()
    end_date = models.DateField()

    KIND = "conferences"
    LABEL = "Conference attended"
    PLURAL = "Conferences attended"
    FIELDS = ("title", "start_date", "end_date")

    class Meta:
        ordering = ("-start_date", "-id")
        verbose_name_plural = "conference attendance"


ACTIVITY_MODELS: dict[str, type[Activity]] = {
    model.KIND: model
    for model in (Publication, Presentation, ResearchProject, QualityProject, ConferenceAttendance)
}


class Mentorship(RecordedFields):
    """A faculty mentor assigned to a trainee of a program by its director; ended, not deleted."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    RECORD_FIELDS = ("program", "resident", "mentor", "started_on", "ended_on")

    class Meta:
        ordering = ("-started_on", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("program", "resident"),
                condition=models.Q(ended_on__isnull=True),
                name="scholarship_one_current_mentor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.resident}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class MeetingNote(RecordedFields):
    """Notes of a mentor meeting, written by the resident or the mentor of ``mentorship``."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField()
    notes = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RECORD_FIELDS = ("mentorship", "author", "date", "notes")

    class Meta:
        ordering = ("-date", "-id")

    def __str__(self) -> str:
        return f"Meeting on {self.date}"
