"""What the JSON API's endpoints share beyond the error body: how a list pages, optional query
filters, choice labels, schemas derived from the pure cores' records, and the endpoints that
read, change and delete one record ("one record or a refusal" is ``seldinger.lookups``, which
the selectors ask too)."""

import dataclasses
import datetime as dt
import inspect
import re
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import MISSING
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, TypeVar, get_type_hints

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import DecimalField, Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import (
    AfterValidator,
    BaseModel,
    GetJsonSchemaHandler,
    StringConstraints,
    create_model,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from seldinger.api_errors import ErrorOut

M = TypeVar("M", bound=Model)
D = TypeVar("D", bound=dt.date)

# Every list endpoint pages the same way: `limit` records from `offset`, in a stable order.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# A bound any list stays far below, so that no offset overflows the database's integers.
MAX_OFFSET = 1_000_000_000


# The largest primary key (a BigAutoField's column): a record's id in a path or a body.
MAX_RECORD_ID = 9_223_372_036_854_775_807
RecordId = Annotated[int, Field(ge=1, le=MAX_RECORD_ID)]

# A number a core checks against its domain (400 with its message): the schema keeps it to
# what the core's types hold, as it would refuse a word (422).
Int32 = Annotated[int, Field(ge=-2_147_483_648, le=2_147_483_647)]
Real = Annotated[float, Field(ge=-1e9, le=1e9)]

# The most items a list in a request holds: far more than any directory, rank list or
# selection a person sends.
MAX_ITEMS = 10_000

# Free text a list is searched or filtered by (a username, a key, words): far longer than
# anything it could match.
SEARCH_TEXT_MAX_LENGTH = 200
# Constraints rather than a ``Field``, so that a parameter's own default still counts.
SearchText = Annotated[str, StringConstraints(max_length=SEARCH_TEXT_MAX_LENGTH)]

# The dates a training record can plausibly hold: year 1 or 9999 is a typo, and a date past
# a database's range would be a 500 rather than a refusal naming the field.
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _plausible(value: D) -> D:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            "Date should be from {earliest} to {latest}",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return value


class _DateRange:
    """Tells the range in the OpenAPI document (JSON Schema has no range for dates)."""

    def __get_pydantic_json_schema__(
        self, core: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core)
        schema.update(
            formatMinimum=EARLIEST_DATE.isoformat(), formatMaximum=LATEST_DATE.isoformat()
        )
        return schema


#: A year every API input takes (a publication's, a match's): those of a plausible date.
PlausibleYear = Annotated[int, Field(ge=EARLIEST_DATE.year, le=LATEST_DATE.year)]
#: A date every API input takes: 1950-01-01 to 2100-12-31, else 422 naming the field.
PlausibleDate = Annotated[dt.date, AfterValidator(_plausible), _DateRange()]
#: A moment every API input takes, on a day from 1950-01-01 to 2100-12-31.
PlausibleDateTime = Annotated[dt.datetime, AfterValidator(_plausible), _DateRange()]


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


#: The range of Django's integer columns, by the model field's internal type.
_INTEGER_RANGES = {
    "PositiveSmallIntegerField": (0, 32_767),
    "PositiveIntegerField": (0, 2_147_483_647),
    "PositiveBigIntegerField": (0, 9_223_372_036_854_775_807),
    "SmallIntegerField": (-32_768, 32_767),
    "IntegerField": (-2_147_483_648, 2_147_483_647),
    "BigIntegerField": (-9_223_372_036_854_775_808, 9_223_372_036_854_775_807),
}


# Text without a length in its column (a TextField): a few pages, far more than any note.
TEXT_MAX_LENGTH = 10_000


def model_field(model: type[Model], name: str, *, column_only: bool = False, **bounds: Any) -> Any:
    """A schema field with the limits of the model field it fills: a text's ``max_length``
    (``TEXT_MAX_LENGTH`` for a ``TextField`` without one),
    a number's range (its column's, or its digits', narrowed by its Min/MaxValueValidators);
    ``bounds`` (``ge``, ``le``, ``max_length``, ``default``, ``description``) narrow or add to
    them. ``column_only``: the column's limits alone, where the service checks the
    validators and reports every field's problem at once (400).
    Declared in the schema, so a value out of range is refused with 422 naming the field,
    and the OpenAPI document tells the limits."""
    field = model._meta.get_field(name)
    limits: dict[str, Any] = {}
    max_length = getattr(field, "max_length", None)
    kind = field.get_internal_type()
    if max_length is None and kind == "TextField":
        max_length = TEXT_MAX_LENGTH
    if max_length is not None:
        limits["max_length"] = max_length
    if kind in _INTEGER_RANGES:
        limits["ge"], limits["le"] = _INTEGER_RANGES[kind]
    elif isinstance(field, DecimalField):
        digits, places = field.max_digits, field.decimal_places
        largest = Decimal(10) ** (digits - places) - Decimal(10) ** -places
        # A float, so that the OpenAPI document shows a number (a Decimal would be text).
        limits["ge"], limits["le"] = -float(largest), float(largest)
    for validator in () if column_only else getattr(field, "validators", ()):
        if isinstance(validator, MinValueValidator):
            limits["ge"] = max(limits.get("ge", validator.limit_value), _number(validator))
        elif isinstance(validator, MaxValueValidator):
            limits["le"] = min(limits.get("le", validator.limit_value), _number(validator))
    limits.update(bounds)
    return Field(**limits)


def _number(validator: MinValueValidator | MaxValueValidator) -> Any:
    limit = validator.limit_value
    return float(limit) if isinstance(limit, Decimal) else limit


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


class RecordEndpoints:
    """The endpoints of one record at ``path`` (``"/cme/{activity_id}"``) that read, change
    and delete it, declared in one line each where they do nothing but that.

    Each finds the record with ``find(user, record_id)``, which gives the one refusal for a
    record that is missing and one the user may not have. A change or a deletion hands it to
    the service as ``actor=`` the user and the record under the name of the path's parameter
    less ``_id`` (``activity=``), or ``record``; a change answers the record as changed.
    ``refusals``: the error statuses each endpoint declares besides a change's 400.

    Each endpoint is a function ``name`` of the module that declares it (found as
    ``namedtuple`` finds a class's module), so that its operation id and URL name are those
    a function written there would have.
    """

    def __init__(
        self,
        router: Router,
        path: str,
        out: type[Schema],
        *,
        find: Callable[[Any, int], Model],
        record: str = "",
        refusals: Collection[int] = (),
    ) -> None:
        found = re.search(r"\{(?:\w+:)?(\w+)_id\}$", path)
        if found is None:
            raise ValueError(f"{path!r} does not end in the record's id")
        self.router, self.path, self.out, self.find = router, path, out, find
        self.id_name, self.record = f"{found.group(1)}_id", record or found.group(1)
        self.refusals = {status: ErrorOut for status in sorted(refusals)}
        self.module = sys._getframe(1).f_globals["__name__"]

    def get(self, name: str, summary: str) -> None:
        """``GET path``: the record."""

        def view(request: HttpRequest, **ids: int) -> object:
            return Status(200, self._found(request, ids))

        self._declare(view, "GET", name, summary, {200: self.out})

    def change(
        self, name: str, payload: type[Schema], service: Callable[..., object], summary: str
    ) -> None:
        """``PUT path`` with a ``payload``: ``service`` changes the record to its fields."""

        def view(request: HttpRequest, payload: Schema, **ids: int) -> object:
            found = self._found(request, ids)
            service(actor=request.user, **{self.record: found}, **payload.dict())
            return Status(200, found)

        self._declare(view, "PUT", name, summary, {200: self.out, 400: ErrorOut}, payload)

    def delete(self, name: str, service: Callable[..., object], summary: str) -> None:
        """``DELETE path``: ``service`` deletes the record."""

        def view(request: HttpRequest, **ids: int) -> object:
            service(actor=request.user, **{self.record: self._found(request, ids)})
            return Status(204, None)

        self._declare(view, "DELETE", name, summary, {204: None})

    def _found(self, request: HttpRequest, ids: Mapping[str, int]) -> Model:
        return self.find(request.user, ids[self.id_name])

    def _declare(
        self,
        view: Callable[..., object],
        method: str,
        name: str,
        summary: str,
        answers: dict[int, Any],
        payload: type[Schema] | None = None,
    ) -> None:
        view.__name__ = view.__qualname__ = name
        view.__module__ = self.module
        # ninja reads the parameters' names and types from the signature.
        keyword = inspect.Parameter.KEYWORD_ONLY
        parameters = [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter(self.id_name, keyword, annotation=RecordId),
        ]
        if payload is not None:
            parameters.append(inspect.Parameter("payload", keyword, annotation=payload))
        view.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        response = answers | self.refusals
        self.router.api_operation([method], self.path, response=response, summary=summary)(view)
