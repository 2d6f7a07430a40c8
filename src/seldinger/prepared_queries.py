"""Reads asked on every page, written by the ORM once per process.

Building a queryset and compiling it to SQL costs far more Python than running the query:
about a millisecond here for a one-table ``exists()``, against some hundredths of a
millisecond for SQLite to answer it. The reads every page asks (has the person a second
factor? how many of their licences need attention?) compile to the same SQL on every
request but for their parameters. A ``PreparedQuery`` builds its queryset once per
database, from marker values, keeps the SQL and where each marker landed among its
parameters, and afterwards runs that SQL with each request's values. Only what the ORM
compiles to a plain parameter is a parameter here: whole numbers (ids) and dates.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Parameter = int | dt.date

#: Marker values: none of them is an id or a date a record holds.
_MARKER_IDS = tuple(-(10**15) - number for number in range(8))
_MARKER_DATES = tuple(dt.date(1111, 1, 1 + number) for number in range(8))


class PreparedQuery:
    """``build(*parameters)`` is a queryset; ``exists(*values)`` and ``rows(*values)`` run the
    SQL it compiles to with ``values`` (the same types as the markers: ids or dates)."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type[Parameter]) -> None:
        self.build = build
        self.kinds = kinds
        self._compiled: dict[tuple[str, bool], tuple[str, list[Any], list[tuple[int, int]]]] = {}

    def exists(self, *values: Parameter, using: str = DEFAULT_DB_ALIAS) -> bool:
        return bool(self._run(values, using, exists=True))

    def rows(self, *values: Parameter, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        """The rows of a ``values_list`` queryset, as the database returns them (values that
        Django converts, such as dates on SQLite, stay as stored)."""
        return self._run(values, using, exists=False)

    def _run(self, values: Sequence[Parameter], using: str, *, exists: bool) -> list[Any]:
        if len(values) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} values, got {len(values)}")
        connection = connections[using]
        key = (using, exists)
        if (compiled := self._compiled.get(key)) is None:
            compiled = self._compiled[key] = self._compile(using, exists=exists)
        sql, template, places = compiled
        parameters = list(template)
        for index, which in places:
            parameters[index] = _adapt(values[which], connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            found: list[Any] = cursor.fetchmany(1) if exists else cursor.fetchall()
            return found

    def _compile(self, using: str, *, exists: bool) -> tuple[str, list[Any], list[tuple[int, int]]]:
        connection = connections[using]
        markers = [_marker(kind, number) for number, kind in enumerate(self.kinds)]
        query = self.build(*markers).query
        if exists:
            query = query.exists()
        sql, parameters = query.get_compiler(using=using).as_sql()
        adapted = [_adapt(marker, connection) for marker in markers]
        places = [
            (index, adapted.index(value))
            for index, value in enumerate(parameters)
            if isinstance(value, int | str | dt.date) and value in adapted
        ]
        missing = set(range(len(markers))) - {which for _, which in places}
        if missing:
            raise ValueError(
                f"PreparedQuery: parameters {sorted(missing)} do not reach the SQL as plain "
                "values; build this query with the ORM instead"
            )
        return sql, list(parameters), places


def _marker(kind: type[Parameter], number: int) -> Parameter:
    if kind is int:
        return _MARKER_IDS[number]
    if kind is dt.date:
        return _MARKER_DATES[number]
    raise TypeError(f"PreparedQuery: {kind.__name__} is not an id or a date")


def _adapt(value: Parameter, connection: Any) -> Any:
    """``value`` as the ORM passes it to the database driver."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value
