"""``{% move_buttons move_url remove_url name %}``: Up, Down and Remove for one entry of a
rank order list.

Plain forms (they work without JavaScript); the page script moves the entry in place
instead. Written out here rather than as an included template: a full list with its
supplemental lists shows sixty of them, and as template nodes they cost a quarter of the
page.
"""

from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def move_buttons(context: Any, move_url: str, remove_url: str, name: str) -> SafeString:
    token = CsrfTokenNode().render(context)
    move, remove, name = (conditional_escape(value) for value in (move_url, remove_url, name))
    return mark_safe(
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
