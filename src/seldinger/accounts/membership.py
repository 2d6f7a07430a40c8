"""A user's place in a training program.

Only ``seldinger.accounts`` imports this module (an import contract says so):
every other app asks ``seldinger.accounts.selectors`` who may see whom.
"""

from django.conf import settings
from django.db import models


class ProgramMembership(models.Model):
    """A user's place in a training program: trainee, faculty or leadership."""

    class Kind(models.TextChoices):
        TRAINEE = "trainee", "Resident / fellow"
        FACULTY = "faculty", "Faculty"
        COORDINATOR = "coordinator", "Coordinator"
        DIRECTOR = "director", "Program director"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="memberships"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="For trainees: the expected graduation date."
    )
    esir = models.BooleanField(
        "ESIR track",
        default=False,
        help_text="Trainee on Early Specialization in Interventional Radiology.",
    )

    class Meta:
        app_label = "accounts"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "kind"], name="unique_membership_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.program}"
