from django.contrib import admin

from seldinger.admin_pages import register
from seldinger.applications import models


# Admin classes are generic only in django-stubs (not at run time), hence the ignores.
class RankOrderEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.RankOrderEntry
    raw_id_fields = ("program",)
    extra = 0


class CoupleRankEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.CoupleRankEntry
    raw_id_fields = ("first_program", "second_program")
    extra = 0


class ProgramRankEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.ProgramRankEntry
    raw_id_fields = ("applicant",)
    extra = 0


register(
    models.ApplicantProfile,
    ("user", "match_year", "eras_application", "letters_count", "updated_at"),
    filters=("match_year",),
    search=("user__username",),
)
register(
    models.Application,
    ("applicant", "program", "status", "signal", "interview_date", "updated_at"),
    filters=("status",),
    search=("applicant__username", "program__name", "program__acgme_id"),
    raw_id_fields=("applicant", "program"),
)
register(
    models.RankOrderList,
    ("applicant", "match_year", "certified_at", "updated_at"),
    filters=("match_year",),
    search=("applicant__username",),
    inlines=[RankOrderEntryInline],
)
register(models.SupplementalEntry, ("entry", "rank", "program"), raw_id_fields=("entry", "program"))
register(
    models.Couple,
    ("first", "second", "match_year", "status", "certified_at"),
    filters=("match_year", "status"),
    inlines=[CoupleRankEntryInline],
)
register(
    models.ProgramRankOrderList,
    ("program", "track", "match_year", "certified_at", "updated_at"),
    filters=("match_year", "track"),
    inlines=[ProgramRankEntryInline],
)
