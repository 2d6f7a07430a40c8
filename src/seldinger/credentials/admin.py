from seldinger.admin_pages import register
from seldinger.credentials.models import CalendarFeed, Credential, SentReminder

register(
    Credential,
    ("owner", "kind", "state", "institution", "expires_on"),
    filters=("kind", "state"),
    search=("owner__username", "institution", "number"),
    date_hierarchy="expires_on",
)
register(
    SentReminder,
    ("credential", "expires_on", "days_before", "recipient", "sent_at"),
    read_only=("credential", "expires_on", "days_before", "recipient", "sent_at"),
)
register(
    CalendarFeed,
    ("owner", "created_at", "updated_at"),
    hidden=("token", "token_digest"),
    read_only=("owner", "created_at", "updated_at"),
)
