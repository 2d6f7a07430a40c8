"""``{% id_url "app:name" record.pk %}``: ``{% url %}`` for a record's page, at the cost of
a string join.

Django's ``reverse`` matches the URL patterns again for every link; a list of rows with
several links each spent more time there than in everything else. The URL of a name with one
integer argument is reversed once per URL configuration and script prefix, with a marker in
the argument's place, and each link fills the marker in. Any other argument is reversed as
``{% url %}`` would. ``text_url`` does the same in a view, for a text argument (a username).
"""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

register = template.Library()

#: Stands in for the record's id in the URL reversed once (digits, as the ``int`` converter
#: wants; long enough to appear nowhere else in a URL).
MARKER = "7309158246193758246"
#: The same for a text argument.
TEXT_MARKER = "text7309158246193758246"
#: What ``reverse`` leaves unquoted in a URL.
_SAFE = RFC3986_SUBDELIMS + "/~:@"


@register.simple_tag
def id_url(name: str, record_id: object) -> str:
    """The URL of ``name`` for one record id: what ``{% url name record_id %}`` gives."""
    if type(record_id) is int and record_id >= 0:
        parts = _split(name, get_urlconf(), get_script_prefix())
        if parts is not None:
            return f"{parts[0]}{record_id}{parts[1]}"
    return reverse(name, args=[record_id])


def id_url_of(name: str) -> Callable[[int], str]:
    """``id_url`` of one name as a function of the record id, the URL configuration looked
    up once (for a tag that writes many links)."""
    parts = _split(name, get_urlconf(), get_script_prefix())
    if parts is None:
        return lambda record_id: reverse(name, args=[record_id])
    before, after = parts
    return lambda record_id: f"{before}{record_id}{after}"


@lru_cache(maxsize=256)
def _split(name: str, urlconf: str | None, prefix: str) -> tuple[str, str] | None:
    """The URL of ``name`` around its one argument (None when it does not take one id)."""
    parts = reverse(name, args=[int(MARKER)], urlconf=urlconf).split(MARKER)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def text_url(name: str) -> Callable[[str], str]:
    """``reverse(name, args=[value])`` as a function of ``value``, for a name with one text
    argument: reversed once, however many values it is given."""
    before, after = reverse(name, args=[TEXT_MARKER]).split(TEXT_MARKER)
    return lambda value: f"{before}{quote(value, safe=_SAFE)}{after}"
