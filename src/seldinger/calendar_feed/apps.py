from django.apps import AppConfig


class CalendarFeedConfig(AppConfig):
    """The private calendar feed: above certification and credentials, which it reads."""

    name = "seldinger.calendar_feed"
    verbose_name = "Calendar feed"
