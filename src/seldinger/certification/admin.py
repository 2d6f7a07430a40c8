from django.contrib import admin

from seldinger.certification.models import CmeActivity, DiplomateProfile, OlaRecord, PqiActivity


@admin.register(DiplomateProfile)
class DiplomateProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "certificate", "initial_certification", "opted_in")
    search_fields = ("user__username",)
    list_filter = ("certificate", "opted_in")


@admin.register(OlaRecord)
class OlaRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("owner", "year", "answered", "declined", "correct")
    search_fields = ("owner__username",)


@admin.register(CmeActivity)
class CmeActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("owner", "title", "date", "credits", "credit_type", "certificate_name")
    search_fields = ("owner__username", "title", "provider")
    list_filter = ("credit_type",)
    # The certificate file is private: the admin shows its name, not a link.
    exclude = ("certificate",)
    readonly_fields = ("certificate_name", "certificate_content_type", "certificate_size")


@admin.register(PqiActivity)
class PqiActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("owner", "title", "kind", "completed_on")
    search_fields = ("owner__username", "title")
