"""What the JSON API's endpoints share beyond the error body: optional query filters, choice
labels, and schemas derived from the pure cores' records ("one record or a refusal" is
``seldinger.lookups``, which the selectors ask too)."""

import dataclasses
from collections.abc import Collection
from dataclasses import MISSING
from typing import Any, TypeVar, get_type_hints

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from pydantic import create_model

M = TypeVar("M", bound=Model)


def narrowed(found: QuerySet[M], **filters: object) -> QuerySet[M]:
    """``found`` narrowed by each filter given; a query parameter left out or blank is no filter."""
    given = {lookup: value for lookup, value in filters.items() if value not in (None, "")}
    return found.filter(**given)


def label_of(choice_field: str) -> Any:
    """An output field holding the label of the model's choice ``choice_field`` (its display)."""
    return Field(alias=f"get_{choice_field}_display")


def schema_of(source: type, name: str, *, exclude: Collection[str] = ()) -> type[Schema]:
    """The schema ``name`` with the fields of the dataclass ``source`` (but ``exclude``), in
    its order, types and defaults: a pure core's record is written once, not again as a schema."""
    hints = get_type_hints(source)
    fields: dict[str, Any] = {
        field.name: (hints[field.name], _default(field))
        for field in dataclasses.fields(source)
        if field.name not in exclude
    }
    model: type[Schema] = create_model(name, __base__=Schema, **fields)
    return model


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not MISSING:
        return Field(default_factory=field.default_factory)
    return ... if field.default is MISSING else field.default
