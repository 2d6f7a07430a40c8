from seldinger.admin_pages import register
from seldinger.scholarship import models

register(
    models.Publication,
    ("title", "trainee", "journal", "year", "status"),
    filters=("status",),
    search=("title", "trainee__username", "journal", "pmid", "doi"),
)
register(
    models.Presentation,
    ("title", "trainee", "meeting", "date", "kind"),
    filters=("meeting", "kind"),
    search=("title", "trainee__username", "meeting_other"),
)
register(
    models.ResearchProject,
    ("title", "trainee", "role", "start_date", "status", "irb_approved"),
    filters=("status", "irb_approved"),
    search=("title", "trainee__username"),
)
register(
    models.QualityProject,
    ("title", "trainee", "start_date", "status"),
    filters=("status",),
    search=("title", "trainee__username"),
)
register(
    models.ConferenceAttendance,
    ("title", "trainee", "start_date", "end_date"),
    search=("title", "trainee__username"),
)
register(
    models.Mentorship,
    ("resident", "mentor", "program", "started_on", "ended_on"),
    filters=("program",),
    search=("resident__username", "mentor__username"),
)
# Notes are private to the resident, the mentor and the director: no text here.
register(
    models.MeetingNote,
    ("mentorship", "date", "author"),
    hidden=("notes",),
    read_only=("mentorship", "author", "date"),
)
