"""A resident's rotations, done and still needed, for their progress page (the page
belongs to the case log, below this app, so it asks for the section by this tag)."""

from typing import Any

from django import template

from seldinger.accounts.models import User
from seldinger.scheduling import selectors

register = template.Library()


@register.inclusion_tag("scheduling/_rotation_progress.html")
def rotation_progress(resident: User, esir: bool = False) -> dict[str, Any]:
    """``esir``: the resident's training record puts them on ESIR (a schedule may too)."""
    return {"counts": selectors.rotation_counts_of(resident, esir=esir)}
