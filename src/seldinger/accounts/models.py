from django.contrib.auth.models import AbstractUser
from django.db import models

# Registers ProgramMembership with Django; its name is imported only inside accounts.
from seldinger.accounts import membership as _membership  # noqa: F401


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
