"""Match rounds run on the platform's rank order lists, and their outcomes."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from seldinger.applications.match_lists import TRACK_CHOICES, track_id
from seldinger.applications.match_port import OutcomeNotice

if TYPE_CHECKING:
    from seldinger.accounts.models import User


class MatchRound(models.Model):
    """One run of the match engine on the rank order lists of a match year.

    A practice round changes nothing; a final round (administrators only) locks
    every rank order list of its match year.
    """

    match_year = models.PositiveSmallIntegerField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)
    practice = models.BooleanField(default=True)
    certified_only = models.BooleanField(
        default=True, help_text="Only certified lists took part (otherwise every list)."
    )
    stable = models.BooleanField(default=False)
    stats = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(
        default=list, blank=True, help_text="What the result verification found wrong, if any."
    )
    instance = models.JSONField(default=dict, blank=True, help_text="The engine's input.")
    result = models.JSONField(default=dict, blank=True, help_text="The engine's output.")

    class Meta:
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        kind = "Practice round" if self.practice else "Final round"
        return f"{kind} #{self.pk} ({self.match_year})"


class MatchOutcome(models.Model):
    """Where one applicant matched in a round (nowhere: no program)."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="outcomes")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_outcomes"
    )
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)
    supplemental_program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The preliminary program matched from a supplemental list.",
    )
    in_couple = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "applicant__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "applicant"], name="unique_outcome_per_applicant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant}: {self.track_id or 'no match'}"

    @property
    def matched(self) -> bool:
        return self.program_id is not None

    @property
    def track_id(self) -> str | None:
        if self.program is None:
            return None
        return track_id(self.program.acgme_id, self.track)


class MatchTrackResult(models.Model):
    """How one program track filled in a round."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="tracks")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=20, choices=TRACK_CHOICES)
    positions = models.PositiveSmallIntegerField()
    filled = models.PositiveSmallIntegerField()
    unfilled = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round", "program__name", "track"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "program", "track"], name="unique_track_result_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.track_id}: {self.filled}/{self.positions}"

    @property
    def track_id(self) -> str:
        return track_id(self.program.acgme_id, self.track)


# What applications learns back (connected in MatchConfig.ready) --------------------------


def final_match_run(match_year: int) -> bool:
    """Whether the final round of ``match_year`` has been run (it locks the year's lists)."""
    return MatchRound.objects.filter(match_year=match_year, practice=False).exists()


def latest_outcome_of(applicant: "User", match_year: int | None = None) -> MatchOutcome | None:
    """The applicant's outcome in the latest round that included them (of ``match_year``)."""
    # The round's engine input and output (megabytes for a national round) stay unread.
    outcomes = (
        MatchOutcome.objects.filter(applicant=applicant)
        .select_related("round", "program", "supplemental_program")
        .defer("round__instance", "round__result", "round__stats", "round__problems")
    )
    if match_year is not None:
        outcomes = outcomes.filter(round__match_year=match_year)
    return outcomes.order_by("-round__run_at", "-round_id").first()


def latest_outcome_notice(applicant: "User", match_year: int) -> OutcomeNotice | None:
    outcome = latest_outcome_of(applicant, match_year)
    if outcome is None:
        return None
    return OutcomeNotice(
        matched=outcome.matched,
        program_name=outcome.program.name if outcome.program else None,
        track_label=outcome.get_track_display(),
        supplemental_program_name=(
            outcome.supplemental_program.name if outcome.supplemental_program else None
        ),
    )
