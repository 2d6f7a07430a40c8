"""Milestone evaluations: periods, faculty/committee evaluations, self-assessments, assignments.

Ratings are stored as JSON ``{subcompetency key: level or "nya"}``, checked
by ``seldinger.milestones.milestones`` in the services before saving.
"""

from typing import Any

from django.conf import settings
from django.db import models

from seldinger.audit.records import RecordedFields
from seldinger.milestones.milestones import Period


class EvaluationPeriod(models.Model):
    """A semiannual period: academic year (starting July) and half (1 Jul-Dec, 2 Jan-Jun)."""

    class Half(models.IntegerChoices):
        FIRST = 1, "July-December"
        SECOND = 2, "January-June"

    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts (July)."
    )
    half = models.PositiveSmallIntegerField(choices=Half.choices)

    class Meta:
        ordering = ["academic_year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "half"], name="unique_period")
        ]

    def __str__(self) -> str:
        return self.period.label

    @property
    def period(self) -> Period:
        return Period(self.academic_year, self.half)

    @property
    def key(self) -> str:
        return self.period.key


class EvaluatorAssignment(RecordedFields):
    """The program director assigns a faculty member to evaluate a resident."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="milestone_assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_evaluees"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_evaluators"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    RECORD_FIELDS = ("program", "evaluator", "resident")

    class Meta:
        ordering = ["resident__last_name", "resident__username", "evaluator__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "evaluator", "resident"], name="unique_evaluator_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} evaluates {self.resident} ({self.program})"


class RatingSheet(models.Model):
    """Milestone ratings of a resident for a period, with a comment: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    ratings = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def sheet_record(self) -> dict[str, Any]:
        """The ratings, comment and status, as the audit records them."""
        return {"ratings": dict(self.ratings), "comment": self.comment, "status": self.status}


class Evaluation(RatingSheet):
    """One evaluator's milestone ratings of a resident for a period (draft until submitted)."""

    class Kind(models.TextChoices):
        FACULTY = "faculty", "Faculty evaluation"
        CCC = "ccc", "Clinical competency committee"

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_evaluations"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="milestone_evaluations"
    )
    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="milestone_ratings_given"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["period__academic_year", "period__half", "kind", "evaluator__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "period", "evaluator", "kind"],
                name="unique_evaluation_per_evaluator_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.resident}, {self.period}"

    def as_record(self) -> dict[str, Any]:
        return {
            "resident": self.resident_id,
            "program": self.program_id,
            "period": self.period.key,
            "evaluator": self.evaluator_id,
            "kind": self.kind,
            **self.sheet_record(),
        }


class SelfAssessment(RatingSheet):
    """A resident's own milestone ratings for a period."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="milestone_self_assessments",
    )
    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.PROTECT, related_name="self_assessments"
    )

    class Meta:
        ordering = ["period__academic_year", "period__half"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "period"], name="unique_self_assessment_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Self-assessment of {self.resident}, {self.period}"

    def as_record(self) -> dict[str, Any]:
        return {
            "resident": self.resident_id,
            "period": self.period.key,
            **self.sheet_record(),
        }
