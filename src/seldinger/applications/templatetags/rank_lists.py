"""``{% move_buttons move_url remove_url name %}``: Up, Down and Remove for one entry of a
rank order list; ``{% rank_entry entry editable has_preliminary %}``: one entry of an
applicant's list with its supplemental list.

Plain forms (they work without JavaScript); the page script moves the entry in place
instead. Written out here rather than as included templates: a full list with its
supplemental lists shows sixty entries, and as template nodes they cost most of the page.
"""

from collections.abc import Callable
from html import escape
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from seldinger.web.templatetags.links import id_url_of

register = template.Library()


@register.simple_tag(takes_context=True)
def move_buttons(context: Any, move_url: str, remove_url: str, name: str) -> SafeString:
    move, remove, name = (conditional_escape(value) for value in (move_url, remove_url, name))
    return mark_safe(_buttons(CsrfTokenNode().render(context), move, remove, name))


def _buttons(token: str, move: str, remove: str, name: str) -> str:
    """``move_buttons`` of escaped URLs and name, with the form's CSRF token input."""
    return (
        f'<form method="post" action="{move}" class="move-form">\n'
        f"  {token}\n"
        '  <button type="submit" name="direction" value="up" data-move="up" '
        f'class="secondary outline" aria-label="Move {name} up">↑'
        '<span aria-hidden="true"> Up</span></button>\n'
        '  <button type="submit" name="direction" value="down" data-move="down" '
        f'class="secondary outline" aria-label="Move {name} down">↓'
        '<span aria-hidden="true"> Down</span></button>\n'
        "</form>\n"
        f'<form method="post" action="{remove}" class="remove-form">\n'
        f"  {token}\n"
        f'  <button type="submit" class="secondary outline" aria-label="Remove {name}">'
        "Remove</button>\n"
        "</form>"
    )


@register.simple_tag(takes_context=True)
def rank_entry(context: Any, entry: Any, editable: bool, has_preliminary: bool) -> SafeString:
    """One entry of an applicant's rank order list (``applications/rank_list.html``): its
    program track, its buttons when the list may be changed, and the supplemental list of an
    Advanced track with the form that adds to it."""
    pk, name, track = entry.pk, escape(entry.program.name), entry.track
    token, url = CsrfTokenNode().render(context), _urls(context)
    draggable = ' draggable="true" tabindex="0"' if editable else ""
    parts = [
        f'<li class="rank-item" id="entry-{pk}" data-id="{pk}" '
        f'data-name="{name} · {escape(track[:1].upper() + track[1:])}"{draggable}>\n'
        '    <div class="rank-item__row">\n'
    ]
    if editable:
        parts.append('      <span class="rank-item__handle" aria-hidden="true">⠿</span>\n')
    parts.append(
        f'      <span class="rank-item__name">{name}</span>\n'
        f'      <span class="rank-item__kind">{escape(str(entry.get_track_display()))}</span>\n'
    )
    if editable:
        parts.append(
            '      <span class="rank-item__actions">\n'
            + _buttons(
                token,
                escape(url["rank_list_move"](pk)),
                escape(url["rank_list_remove"](pk)),
                escape(f"{entry.program.name} {track}"),
            )
            + "\n      </span>\n"
        )
    parts.append("    </div>\n")
    items = entry.supplemental.all()
    if track == "advanced" and (has_preliminary or items):
        parts.append(_supplemental(token, url, entry, items, editable, has_preliminary))
    parts.append("  </li>")
    return mark_safe("".join(parts))


#: The links of an entry and its supplemental list, by URL name in ``applications``.
_LINKS = (
    "rank_list_move",
    "rank_list_remove",
    "supplemental_order",
    "supplemental_move",
    "supplemental_remove",
    "supplemental_add",
)


def _urls(context: Any) -> dict[str, Callable[[int], str]]:
    """Each link of ``_LINKS`` as a function of a record id, made once per page."""
    found = context.render_context.get(_LINKS)
    if found is None:
        found = {name: id_url_of(f"applications:{name}") for name in _LINKS}
        context.render_context[_LINKS] = found
    return found  # type: ignore[no-any-return]


def _supplemental(
    token: str,
    url: dict[str, Callable[[int], str]],
    entry: Any,
    items: Any,
    editable: bool,
    has_preliminary: bool,
) -> str:
    pk = entry.pk
    parts = [
        '    <div class="supplemental">\n'
        '      <p class="supplemental__title"><small>Supplemental list (preliminary PGY-1 '
        f"programs) for this Advanced program{'' if items else ': none yet'}</small></p>\n"
    ]
    if items:
        order = f' data-reorder-url="{escape(url["supplemental_order"](pk))}"' if editable else ""
        draggable = ' draggable="true" tabindex="0"' if editable else ""
        parts.append(
            f'      <ol class="rank-list rank-list--supplemental" id="supplemental-{pk}"{order}>\n'
        )
        for item in items:
            name = escape(item.program.name)
            parts.append(
                f'        <li class="rank-item" data-id="{item.pk}" data-name="{name}"'
                f"{draggable}>\n"
                '          <div class="rank-item__row">\n'
                f'            <span class="rank-item__name">{name}</span>\n'
                '            <span class="rank-item__kind">Preliminary</span>\n'
            )
            if editable:
                parts.append(
                    '            <span class="rank-item__actions">\n'
                    + _buttons(
                        token,
                        escape(url["supplemental_move"](item.pk)),
                        escape(url["supplemental_remove"](item.pk)),
                        f"{name} (supplemental)",
                    )
                    + "\n            </span>\n"
                )
            parts.append("          </div>\n        </li>\n")
        parts.append("      </ol>\n")
    form = entry.supplemental_form
    if editable and has_preliminary and form.fields["track"].choices:
        field = form["track"]
        parts.append(
            f'      <form method="post" action="{escape(url["supplemental_add"](pk))}" '
            'class="inline-add">\n'
            f"        {token}\n"
            f'        <label for="{escape(field.id_for_label)}">Add a preliminary program for '
            f"{escape(entry.program.name)}</label>\n"
            f"        {field}\n"
            '        <button type="submit" class="secondary">Add to supplemental list</button>\n'
            "      </form>\n"
        )
    parts.append("    </div>\n")
    return "".join(parts)
