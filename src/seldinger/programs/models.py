from django.db import models


class Program(models.Model):
    """An ACGME-accredited training program (the directory grows in a later step)."""

    class Kind(models.TextChoices):
        INTEGRATED_IR = "integrated-ir", "Integrated IR/DR residency"
        INDEPENDENT_IR = "independent-ir", "Independent IR residency"
        DR = "dr", "Diagnostic radiology residency"
        DR_ESIR = "dr-esir", "Diagnostic radiology residency with ESIR"

    name = models.CharField(max_length=200)
    acgme_id = models.CharField("ACGME ID", max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    institution = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    # NRMP position types per year: categorical (PGY-1 included), advanced (starts
    # PGY-2), preliminary (one PGY-1 year), physician (R, after a PGY-1).
    positions_categorical = models.PositiveSmallIntegerField(default=0)
    positions_advanced = models.PositiveSmallIntegerField(default=0)
    positions_preliminary = models.PositiveSmallIntegerField(default=0)
    positions_physician = models.PositiveSmallIntegerField(default=0)
    is_synthetic = models.BooleanField(default=False, help_text="Demo data: not a real program.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
