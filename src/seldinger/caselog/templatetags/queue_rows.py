"""``{% queue_row row error %}``: one case of the verification queue, with its buttons.

Written out here rather than as an included template: a page of the queue is 25 rows, and
as template nodes they cost half of the page's server time. The row is the markup the
template wrote (``caselog/_queue_row.html`` uses this tag for the row HTMX swaps in).
"""

from html import escape

from django import template
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from seldinger.caselog.queue_rows import CaseRow
from seldinger.web.templatetags.links import id_url_of

register = template.Library()

_LINKS = ("case_detail", "verify_case", "return_case")
#: Where a page keeps the links of its rows, made once per page.
_URLS = "caselog.queue_row.urls"


@register.simple_tag(takes_context=True)
def queue_row(context: template.Context, row: CaseRow, error: str = "") -> SafeString:
    urls = context.render_context.get(_URLS)
    if urls is None:
        urls = context.render_context[_URLS] = {
            name: id_url_of(f"caselog:{name}") for name in _LINKS
        }
    pk, day = row.pk, row.performed_on
    # As the date filter's "M j" writes it.
    shown_day = f"{str(MONTHS_3[day.month]).title()} {day.day}"
    procedure, trainee = escape(row.procedure), escape(row.person)
    named = f"{procedure}, {shown_day}, {trainee}"
    checkbox = (
        f'<input type="checkbox" name="case_ids" value="{pk}" aria-label="Select {named}">'
        if row.status == "pending"
        else ""
    )
    complication = f" · complication: {escape(row.complication)}" if row.complication else ""
    if error:
        action = f'\n    <span class="field-error" role="alert">{escape(error)}</span>\n    '
    elif row.status == "verified":
        action = (
            '\n    <span class="case-status case-status--verified" role="status">Verified'
            "</span>\n    "
        )
    else:
        verify = escape(urls["verify_case"](pk))
        action = (
            f'\n    <button type="submit" name="verify_one" value="{pk}"\n'
            f'            formaction="{verify}"\n'
            f'            hx-post="{verify}" hx-target="#queue-case-{pk}" hx-swap="outerHTML"\n'
            f'            aria-label="Verify {named}">Verify</button>\n'
            f'    <a href="{escape(urls["return_case"](pk))}" role="button" '
            'class="secondary outline">Return</a>\n    '
        )
    return mark_safe(
        f'\n<tr id="queue-case-{pk}">\n'
        f"  <td>{checkbox}</td>\n"
        f"  <td>{day.isoformat()}</td>\n"
        f"  <td>{trainee}</td>\n"
        f'  <td><a href="{escape(urls["case_detail"](pk))}">{procedure}</a><br><small>'
        f"{escape(row.role)} · {escape(row.modality)}{complication}</small></td>\n"
        f'  <td class="queue-actions">\n    {action}\n  </td>\n'
        "</tr>\n"
    )
