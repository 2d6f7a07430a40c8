"""What the JSON API's endpoints share beyond the error body: how a list pages, optional query
filters, choice labels, and schemas derived from the pure cores' records ("one record or a
refusal" is ``seldinger.lookups``, which the selectors ask too)."""

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import MISSING
from functools import cache
from typing import Any, TypeVar, get_type_hints

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from pydantic import BaseModel, create_model

M = TypeVar("M", bound=Model)

# Every list endpoint pages the same way: `limit` records from `offset`, in a stable order.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# A bound any list stays far below, so that no offset overflows the database's integers.
MAX_OFFSET = 1_000_000_000


class PageIn(Schema):
    """Which page of a list: the query parameters of every list endpoint."""

    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"How many records to return, 1 to {MAX_LIMIT} (more is refused with 422)",
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="How many records to skip: 0 for the first page, then limit, 2 * limit, ...",
    )


class PlainOut(BaseModel):
    """An answer the endpoint builds as plain values (dicts under the schema's names):
    pydantic checks and serialises it in one pass, without the attribute lookups a ninja
    ``Schema`` makes per field to read model instances (ten times the cost per record)."""


@cache
def page_of(item: type[BaseModel]) -> type[BaseModel]:
    """The answer of a list endpoint whose records are ``item``s (``CaseOut`` -> ``CasePage``)."""
    name = item.__name__.removesuffix("Out") + "Page"
    model: type[BaseModel] = create_model(
        name,
        __base__=PlainOut,
        __doc__="One page of a list, and how many records the whole list has.",
        count=(int, Field(description="How many records the whole list has, on every page")),
        items=(list[item], Field(description="This page's records, at most limit")),  # type: ignore[valid-type]
    )
    return model


def paged(
    found: "QuerySet[Any] | Sequence[Any]",
    page: PageIn,
    shown: Callable[[Any], Any] | None = None,
    *,
    rows: Callable[[QuerySet[Any]], Iterable[Any]] = list,
) -> dict[str, Any]:
    """The page of ``found`` (a queryset, or a list already in order) that ``page`` asks for,
    each record as ``shown`` gives it (default as it is), with the whole list's count.

    A queryset is put in a stable order (its own, then its primary key), so that paging
    through a list gives each record once; ``rows`` reads the page's records from it (e.g.
    ``.values(...)``, which the count leaves out); it is counted only when the page does not
    tell how many records there are.
    """
    end = page.offset + page.limit
    if isinstance(found, QuerySet):
        found = _in_stable_order(found)
        records = list(rows(found[page.offset : end]))
    else:
        records = list(found[page.offset : end])
    if len(records) == page.limit or (not records and page.offset):
        count = found.count() if isinstance(found, QuerySet) else len(found)
    else:
        count = page.offset + len(records)
    return {"count": count, "items": [shown(r) for r in records] if shown else records}


def _in_stable_order(found: QuerySet[M]) -> QuerySet[M]:
    ordering = list(found.query.order_by)
    if not ordering and found.query.default_ordering:
        ordering = list(found.model._meta.ordering or ())
    return found.order_by(*ordering, "pk")


def narrowed(found: QuerySet[M], **filters: object) -> QuerySet[M]:
    """``found`` narrowed by each filter given; a query parameter left out or blank is no filter."""
    given = {lookup: value for lookup, value in filters.items() if value not in (None, "")}
    return found.filter(**given)


def label_of(choice_field: str) -> Any:
    """An output field holding the label of the model's choice ``choice_field`` (its display)."""
    return Field(alias=f"get_{choice_field}_display")


def schema_of(
    source: type,
    name: str,
    *,
    exclude: Collection[str] = (),
    types: Mapping[str, Any] | None = None,
    required: Collection[str] = (),
) -> type[Schema]:
    """The schema ``name`` with the fields of the dataclass ``source`` (but ``exclude``), in
    its order, types and defaults: a pure core's record is written once, not again as a schema.
    ``types`` gives some fields another type, e.g. the schema of a nested record; ``required``
    names fields the record defaults but every answer holds, so the schema has no default."""
    hints = {**get_type_hints(source), **(types or {})}
    fields: dict[str, Any] = {
        field.name: (hints[field.name], ... if field.name in required else _default(field))
        for field in dataclasses.fields(source)
        if field.name not in exclude
    }
    model: type[Schema] = create_model(name, __base__=Schema, **fields)
    return model


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not MISSING:
        return Field(default_factory=field.default_factory)
    return ... if field.default is MISSING else field.default
