from django.contrib import admin

from seldinger.accounts.models import ProgramMembership
from seldinger.programs.models import Program


class MembershipInline(admin.TabularInline):
    model = ProgramMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "kind", "start_date", "end_date"]
    verbose_name = "member"
    verbose_name_plural = "members"


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "acgme_id", "kind", "institution", "city", "state", "is_synthetic"]
    list_filter = ["kind", "state", "is_synthetic"]
    search_fields = ["name", "acgme_id", "institution", "city"]
    inlines = [MembershipInline]
