from django.contrib import admin

from seldinger.workhours.models import ShiftEntry, ViolationJustification


@admin.register(ShiftEntry)
class ShiftEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("resident", "start", "end", "kind", "note")
    list_filter = ("kind",)
    search_fields = ("resident__username", "note")
    date_hierarchy = "start"
    raw_id_fields = ("resident",)


@admin.register(ViolationJustification)
class ViolationJustificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("resident", "rule", "period_start", "period_end", "created_at")
    list_filter = ("rule",)
    search_fields = ("resident__username", "text")
    raw_id_fields = ("resident",)
