from django.conf import settings
from django.db import models

from seldinger.pathways.planner import STAGE_KEYS


class SavedPlan(models.Model):
    """A person's saved planner input; the plan itself is recomputed from the current rules."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_plans"
    )
    title = models.CharField(max_length=120, blank=True)
    stage = models.CharField(max_length=10, choices=[(key, key) for key in STAGE_KEYS])
    stage_start = models.DateField()
    pathway = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.pathway} from {self.stage} ({self.stage_start})"

    def as_record(self) -> dict[str, str]:
        return {
            "title": self.title,
            "stage": self.stage,
            "stage_start": self.stage_start.isoformat(),
            "pathway": self.pathway,
        }
