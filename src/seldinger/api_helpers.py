"""What the JSON API's endpoints share beyond the error body: optional query filters."""

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def narrowed(found: QuerySet[M], **filters: object) -> QuerySet[M]:
    """``found`` narrowed by each filter given; a query parameter left out or blank is no filter."""
    given = {lookup: value for lookup, value in filters.items() if value not in (None, "")}
    return found.filter(**given)
