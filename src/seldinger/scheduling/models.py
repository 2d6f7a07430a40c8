"""Published schedules: each publication is a new numbered version of a program's schedule,
its shifts stored per resident; older versions stay as history. Swap requests between
residents are decided by the program's director or coordinator."""

from typing import Any

from django.conf import settings
from django.db import models


class ScheduleVersion(models.Model):
    """One publication of a program's schedule: the solver's output as published."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="schedule_versions"
    )
    number = models.PositiveIntegerField()
    output = models.JSONField(help_text="The solver's schedule as published.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="unique_schedule_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} · version {self.number}"

    def as_record(self) -> dict[str, Any]:
        return {
            "program": self.program_id,
            "number": self.number,
            "published_by": self.published_by_id,
            "note": self.note,
            "shifts": len(self.output.get("shifts", [])),
        }


class ScheduledShift(models.Model):
    """One working period of a published version: rotation day work or call."""

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="shifts")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheduled_shifts"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    kind = models.CharField(max_length=20, help_text="In the work-hour checker's words.")
    name = models.CharField(max_length=100, help_text="The rotation's or call kind's name.")

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["version", "resident", "start"])]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_call(self) -> bool:
        return self.kind in CALL_KINDS


#: The checker's kinds that are call (night float is clinical work, named by its call kind).
CALL_KINDS = ("call", "home-call")


class SwapRequest(models.Model):
    """A resident asks to trade one of their call shifts for another resident's."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    version = models.ForeignKey(
        ScheduleVersion, on_delete=models.CASCADE, related_name="swap_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swaps_requested"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swaps_offered"
    )
    give = models.ForeignKey(ScheduledShift, on_delete=models.CASCADE, related_name="+")
    take = models.ForeignKey(ScheduledShift, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    violations = models.JSONField(
        default=list, help_text="The work-hour rules the swap breaks, checked when requested."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result = models.ForeignKey(
        ScheduleVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Swap {self.give} ↔ {self.take}"

    def as_record(self) -> dict[str, Any]:
        return {
            "version": self.version_id,
            "requester": self.requester_id,
            "partner": self.partner_id,
            "give": self.give_id,
            "take": self.take_id,
            "note": self.note,
            "violations": len(self.violations),
            "status": self.status,
            "decided_by": self.decided_by_id,
            "result": self.result_id,
        }
