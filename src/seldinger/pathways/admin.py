from django.contrib import admin
from django.http import HttpRequest

from seldinger.pathways.models import TimeOff, TrainingRecord


class ReadOnly:
    """Changes to a training record go through the audited services, not the admin."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class TimeOffInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = TimeOff
    extra = 0


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "pathway", "stage", "stage_start", "extension_workdays")
    search_fields = ("user__username",)
    list_filter = ("pathway",)
    inlines = [TimeOffInline]
