from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from seldinger.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in django-stubs only
    """The audit trail, read-only: nobody adds, changes or deletes entries here."""

    list_display = ["at", "actor", "action", "record_type", "record_id"]
    list_filter = ["action", "record_type"]
    search_fields = ["record_type", "record_id", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    fields = readonly_fields = (
        "at",
        "actor",
        "action",
        "record_type",
        "record_id",
        "before",
        "after",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
