"""The Django admin pages of the plain record lists, declared by one call each.

Most admin pages are a list (some columns, filters and searches) and an edit page
that hides what is private and shows what the services set as read-only. They are
declared with ``register`` rather than a class each, so every page reads the same.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.db import models


def register(
    model: type[models.Model],
    columns: Sequence[str],
    *,
    filters: Sequence[str] = (),
    search: Sequence[str] = (),
    read_only: Sequence[str] = (),
    hidden: Sequence[str] = (),
    **options: Any,
) -> None:
    """Register ``model``'s admin page: ``columns`` listed, ``hidden`` fields not shown.

    ``options``: any other ``ModelAdmin`` attribute (``date_hierarchy``, ``raw_id_fields``...).
    """
    attributes = {
        "list_display": tuple(columns),
        "list_filter": tuple(filters),
        "search_fields": tuple(search),
        "readonly_fields": tuple(read_only),
        **options,
    }
    if hidden:
        attributes["exclude"] = tuple(hidden)
    admin.site.register(model, **attributes)
