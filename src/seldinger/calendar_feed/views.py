"""The private iCalendar feed, opened by its token alone (calendar apps cannot log in)."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from seldinger.calendar_feed.ical import build_calendar
from seldinger.calendar_feed.selectors import feed_events
from seldinger.credentials.selectors import feed_for_token
from seldinger.web.routes import Routes

routes = Routes()


@routes.page("<slug:token>.ics", name="feed", public=True)
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCalendar feed: no login (calendar apps), only the token opens it."""
    calendar_feed = feed_for_token(token)
    events = feed_events(calendar_feed.owner, on=timezone.localdate())
    response = HttpResponse(
        build_calendar(events, stamp=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="seldinger.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
