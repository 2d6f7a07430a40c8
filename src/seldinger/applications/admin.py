from django.contrib import admin

from seldinger.applications.models import (
    ApplicantProfile,
    Application,
    Couple,
    CoupleRankEntry,
    ProgramRankEntry,
    ProgramRankOrderList,
    RankOrderEntry,
    RankOrderList,
    SupplementalEntry,
)


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "match_year", "eras_application", "letters_count", "updated_at")
    list_filter = ("match_year",)
    search_fields = ("user__username",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("applicant", "program", "status", "signal", "interview_date", "updated_at")
    list_filter = ("status",)
    search_fields = ("applicant__username", "program__name", "program__acgme_id")
    raw_id_fields = ("applicant", "program")


class RankOrderEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RankOrderEntry
    raw_id_fields = ("program",)
    extra = 0


@admin.register(RankOrderList)
class RankOrderListAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("applicant", "match_year", "certified_at", "updated_at")
    list_filter = ("match_year",)
    search_fields = ("applicant__username",)
    inlines = [RankOrderEntryInline]


@admin.register(SupplementalEntry)
class SupplementalEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("entry", "rank", "program")
    raw_id_fields = ("entry", "program")


class CoupleRankEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CoupleRankEntry
    raw_id_fields = ("first_program", "second_program")
    extra = 0


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("first", "second", "match_year", "status", "certified_at")
    list_filter = ("match_year", "status")
    inlines = [CoupleRankEntryInline]


class ProgramRankEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProgramRankEntry
    raw_id_fields = ("applicant",)
    extra = 0


@admin.register(ProgramRankOrderList)
class ProgramRankOrderListAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("program", "track", "match_year", "certified_at", "updated_at")
    list_filter = ("match_year", "track")
    inlines = [ProgramRankEntryInline]
