from typing import Any, cast

from django.contrib import admin
from django.db import models

from seldinger.accounts.admin import ProgramMembersInline
from seldinger.admin_pages import register
from seldinger.programs.forms import PROFILE_GROUPS
from seldinger.programs.models import Program, ScoringPreference

# Admin classes are generic only in django-stubs (not at run time), hence the ignores.


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Programs; bulk changes go through the CSV import (/programs/import/ or the CLI)."""

    list_display = [
        "name",
        "acgme_id",
        "kind",
        "institution",
        "city",
        "state",
        "accreditation_status",
        "annual_case_volume",
        "is_synthetic",
    ]
    list_filter = ["kind", "accreditation_status", "state", "is_synthetic", "research_rotation"]
    search_fields = ["name", "acgme_id", "institution", "city"]
    readonly_fields = ["profile_updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The edit page's groups (a cast: django-stubs types each group's options as a TypedDict).
    fieldsets = cast(
        Any,
        [
            (None, {"fields": ("acgme_id", "is_synthetic", "profile_updated_at")}),
            *((title, {"fields": names}) for title, names in PROFILE_GROUPS),
        ],
    )
    inlines = [ProgramMembersInline]


register(
    ScoringPreference,
    ("user", "preferred_states", "updated_at"),
    search=("user__username",),
    read_only=("user", "weights", "preferred_states", "updated_at"),
)
