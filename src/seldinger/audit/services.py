"""Recording changes. Every service that changes a training record writes through here.

A service creates, changes and deletes a record with ``audited_create``,
``audited_change`` (or ``audited_update`` for plain field values) and
``audited_delete``: each saves the record and writes its audit entry in one
transaction. ``record`` writes an entry on its own, for the few changes that
are not one record saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import orjson
from django.db import connection, models, transaction
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


@runtime_checkable
class Recorded(Protocol):
    """A model that states its own audited state."""

    def as_record(self) -> Mapping[str, Any]: ...


ModelT = TypeVar("ModelT", bound=models.Model)
#: The audited state of a record, for models whose state is not their ``as_record``.
State = Callable[[ModelT], dict[str, Any]]


def _state_of(instance: ModelT, state: State[ModelT] | None) -> dict[str, Any]:
    if state is not None:
        return state(instance)
    if not isinstance(instance, Recorded):
        raise TypeError(f"{instance._meta.label} has no as_record(): pass its state")
    return dict(instance.as_record())


def _save(
    *,
    actor: User | None,
    instance: ModelT,
    before: dict[str, Any] | None,
    state: State[ModelT] | None,
    update_fields: Sequence[str] | None,
) -> None:
    with transaction.atomic(savepoint=False):
        instance.save(update_fields=update_fields)
        record(
            actor=actor,
            action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
            instance=instance,
            before=before,
            after=_state_of(instance, state),
        )


def audited_create(
    *, actor: User | None, instance: ModelT, state: State[ModelT] | None = None
) -> ModelT:
    """Save the new ``instance`` and audit it as created (its state after)."""
    _save(actor=actor, instance=instance, before=None, state=state, update_fields=None)
    return instance


@contextmanager
def audited_change(
    *,
    actor: User | None,
    instance: ModelT,
    created: bool = False,
    state: State[ModelT] | None = None,
    update_fields: Sequence[str] | None = None,
) -> Iterator[ModelT]:
    """Change ``instance`` in the ``with`` block; leaving it saves and audits the change.

    The state before is taken on entering the block (none when ``created``: a
    record new to this change, audited as created). When the block raises, as a
    check refusing the change does, nothing is saved or audited.
    """
    before = None if created else _state_of(instance, state)
    yield instance
    _save(actor=actor, instance=instance, before=before, state=state, update_fields=update_fields)


def audited_update(
    *,
    actor: User | None,
    instance: ModelT,
    changes: Mapping[str, Any],
    check: Callable[[ModelT], None] | None = None,
    created: bool = False,
    state: State[ModelT] | None = None,
    update_fields: Sequence[str] | None = None,
) -> ModelT:
    """Give ``instance`` the values in ``changes``, ``check`` it, save it and audit the change
    (as ``audited_change`` does)."""
    with audited_change(
        actor=actor, instance=instance, created=created, state=state, update_fields=update_fields
    ) as changed:
        for name, value in changes.items():
            setattr(changed, name, value)
        if check is not None:
            check(changed)
    return instance


def audited_delete(
    *, actor: User | None, instance: models.Model, state: State[Any] | None = None
) -> None:
    """Audit ``instance`` as deleted (its state before), then delete it."""
    with transaction.atomic(savepoint=False):
        record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            instance=instance,
            before=_state_of(instance, state),
        )
        instance.delete()


def insert_rows(
    model: type[models.Model],
    field_names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 2000,
) -> None:
    """Insert plain rows (values already adapted for the database) fast, as they come.

    For bulk imports, where ``bulk_create`` spends most of its time preparing
    each value through its field: PostgreSQL loads all the rows with one ``COPY``
    (the server stores rows while the next are made), other databases with one
    ``executemany`` per batch. Runs in the caller's transaction; rows keep their
    order, so their new ids increase in that order.
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
        pending = iter(rows)
        while batch := list(islice(pending, batch_size)):
            cursor.executemany(sql, batch)


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
    written with ``insert_rows`` as ``changes`` yields them, in the caller's
    transaction: a bulk import audits a hundred thousand cases this way in well
    under a second. The states are written as JSON text by orjson, several times
    faster than ``json``, which is what the rows spend most on.
    """
    moment = connection.ops.adapt_datetimefield_value(at or timezone.now())
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    written = 0

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal written
        for record_id, before, after in changes:
            written += 1
            yield (
                moment,
                actor_id,
                action,
                record_type,
                str(record_id),
                _json(before),
                _json(after),
            )

    insert_rows(
        AuditEntry,
        ("at", "actor", "action", "record_type", "record_id", "before", "after"),
        rows(),
        batch_size=batch_size,
    )
    return written


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else orjson.dumps(state).decode()
