from django.contrib import admin

from seldinger.credentials.models import CalendarFeed, Credential, SentReminder


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("owner", "kind", "state", "institution", "expires_on")
    list_filter = ("kind", "state")
    search_fields = ("owner__username", "institution", "number")
    date_hierarchy = "expires_on"


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("credential", "expires_on", "days_before", "recipient", "sent_at")
    readonly_fields = ("credential", "expires_on", "days_before", "recipient", "sent_at")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("owner", "created_at", "updated_at")
    exclude = ("token", "token_digest")
    readonly_fields = ("owner", "created_at", "updated_at")
