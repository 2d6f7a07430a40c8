from django.contrib import admin

from seldinger.accounts.models import ProgramMembership
from seldinger.programs.models import Program


# Admin classes are generic only in django-stubs (not at run time), hence the ignores.
class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProgramMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "kind", "start_date", "end_date"]
    verbose_name = "member"
    verbose_name_plural = "members"


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "acgme_id", "kind", "institution", "city", "state", "is_synthetic"]
    list_filter = ["kind", "state", "is_synthetic"]
    search_fields = ["name", "acgme_id", "institution", "city"]
    inlines = [MembershipInline]
