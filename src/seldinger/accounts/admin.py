from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import User


# Admin classes are generic only in django-stubs (not at run time), hence the ignores.
class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    """Memberships, edited from the side ``fk_name`` names."""

    model = ProgramMembership
    extra = 0


class ProgramMembershipInline(MembershipInline):
    fk_name = "user"
    autocomplete_fields = ["program"]
    fields = ["program", "kind", "start_date", "end_date"]


class ProgramMembersInline(MembershipInline):
    """A program's members, on the program's admin page (``seldinger.programs.admin``)."""

    fk_name = "program"
    autocomplete_fields = ["user"]
    fields = ["user", "kind", "start_date", "end_date"]
    verbose_name = "member"
    verbose_name_plural = "members"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "email", "first_name", "last_name", "role", "is_staff"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active", "groups"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Seldinger", {"fields": ["role"]}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Seldinger", {"classes": ["wide"], "fields": ["role"]}),
    )
    inlines = [ProgramMembershipInline]
