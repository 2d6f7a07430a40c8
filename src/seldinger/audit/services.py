"""Recording changes. Every service that changes a training record calls ``record``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone

from seldinger.audit.models import AuditEntry

if TYPE_CHECKING:  # audit stands below accounts: it names the user model only for typing
    from seldinger.accounts.models import User


def record(
    *,
    actor: User | None,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        record_type=instance._meta.label,
        record_id=str(instance.pk),
        before=before,
        after=after,
    )


def insert_rows(
    model: type[models.Model],
    field_names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch_size: int = 2000,
) -> None:
    """Insert plain rows (values already adapted for the database) fast, in batches.

    For bulk imports, where ``bulk_create`` spends most of its time preparing
    each value through its field: PostgreSQL loads the rows with ``COPY``, other
    databases with one ``executemany`` per batch. Runs in the caller's transaction;
    rows keep their order, so their new ids increase in that order.
    """
    meta = model._meta
    ops = connection.ops
    column = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = ", ".join(ops.quote_name(column[name]) for name in field_names)
    table = ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(field_names))})"
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start : start + batch_size])


def record_many(
    *,
    actor: User,
    action: str,
    record_type: str,
    changes: Iterable[tuple[object, dict[str, Any] | None, dict[str, Any] | None]],
    at: dt.datetime | None = None,
    batch_size: int = 2000,
) -> int:
    """``record`` for many records of one type at once; returns how many entries it wrote.

    ``changes`` holds ``(record id, before, after)`` per record. The entries are
    written with ``insert_rows``, in the caller's transaction: a bulk import audits
    a hundred thousand cases this way in about a second.
    """
    ops = connection.ops
    moment = ops.adapt_datetimefield_value(at or timezone.now())
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None

    def state(value: dict[str, Any] | None) -> object:
        return None if value is None else ops.adapt_json_value(value, None)

    rows: list[tuple[Any, ...]] = [
        (moment, actor_id, action, record_type, str(record_id), state(before), state(after))
        for record_id, before, after in changes
    ]
    insert_rows(
        AuditEntry,
        ("at", "actor", "action", "record_type", "record_id", "before", "after"),
        rows,
        batch_size=batch_size,
    )
    return len(rows)
