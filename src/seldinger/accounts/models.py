from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    STUDENT = "student", "Student / applicant"
    RESIDENT = "resident", "Resident / fellow"
    FACULTY = "faculty", "Faculty"
    COORDINATOR = "coordinator", "Program coordinator"
    DIRECTOR = "director", "Program director"
    DIPLOMATE = "diplomate", "Diplomate (practising IR)"
    EMPLOYER = "employer", "Employer"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A person using Seldinger; ``role`` is what they mainly come for."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class ProgramMembership(models.Model):
    """A user's place in a training program: trainee, faculty or leadership."""

    class Kind(models.TextChoices):
        TRAINEE = "trainee", "Resident / fellow"
        FACULTY = "faculty", "Faculty"
        COORDINATOR = "coordinator", "Coordinator"
        DIRECTOR = "director", "Program director"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
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
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "kind"], name="unique_membership_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.program}"
