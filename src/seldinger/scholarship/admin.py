from django.contrib import admin

from seldinger.scholarship.models import (
    ConferenceAttendance,
    MeetingNote,
    Mentorship,
    Presentation,
    Publication,
    QualityProject,
    ResearchProject,
)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "trainee", "journal", "year", "status")
    list_filter = ("status",)
    search_fields = ("title", "trainee__username", "journal", "pmid", "doi")


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "trainee", "meeting", "date", "kind")
    list_filter = ("meeting", "kind")
    search_fields = ("title", "trainee__username", "meeting_other")


@admin.register(ResearchProject)
class ResearchProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "trainee", "role", "start_date", "status", "irb_approved")
    list_filter = ("status", "irb_approved")
    search_fields = ("title", "trainee__username")


@admin.register(QualityProject)
class QualityProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "trainee", "start_date", "status")
    list_filter = ("status",)
    search_fields = ("title", "trainee__username")


@admin.register(ConferenceAttendance)
class ConferenceAttendanceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "trainee", "start_date", "end_date")
    search_fields = ("title", "trainee__username")


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("resident", "mentor", "program", "started_on", "ended_on")
    list_filter = ("program",)
    search_fields = ("resident__username", "mentor__username")


@admin.register(MeetingNote)
class MeetingNoteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Notes are private to the resident, the mentor and the director: no text here."""

    list_display = ("mentorship", "date", "author")
    exclude = ("notes",)
    readonly_fields = ("mentorship", "author", "date")
