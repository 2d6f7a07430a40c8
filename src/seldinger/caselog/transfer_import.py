"""Importing a case log: the service behind the CLI, the web and the API.

An import is all or nothing unless told to skip invalid rows: every row is
checked first (``importer``), then the new cases are saved in one transaction,
with one audit entry each, both inserted in bulk (``audit.services.insert_rows``:
one COPY on PostgreSQL, batches of 2000 elsewhere). Rows that
match a case already in the log (by fingerprint, with multiplicity) are not
added again, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import insert_rows, record_many
from seldinger.caselog import importer
from seldinger.caselog.entries import CaseData
from seldinger.caselog.fields import CASE_FIELDS, audit_record, case_values, values_of
from seldinger.caselog.importer import (
    COLUMNS,
    ImportFileError,
    ImportReport,
    Progress,
    Row,
    Table,
    ValidCase,
)
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.selectors import catalogue, supervisors_for
from seldinger.tabular import cell_text
from seldinger.tabular_limits import import_limits

BATCH_SIZE = 2000


@dataclass
class ImportResult:
    report: ImportReport
    #: The file's header and its invalid rows, for the rejected-rows file.
    header: tuple[str, ...]
    invalid: list[Row]

    def rejected_csv(self) -> str | None:
        """The invalid rows with a ``reason`` column, or None when every row was valid."""
        if not self.report.invalid:
            return None
        return importer.rejected_csv(self.header, self.invalid, self.report.errors)


def import_file(*, path: Path | str, **options: Any) -> ImportResult:
    """``import_cases`` for a file on disk (the CLI)."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read the file ({error.strerror})") from None
    return import_cases(content=content, name=path.name, **options)


def import_cases(
    *,
    trainee: User,
    actor: User,
    content: bytes | None = None,
    name: str = "cases.csv",
    rows: Iterable[Mapping[str, object]] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Check a file (``content`` named ``name``) or ``rows`` and save the new cases.

    Saves nothing when ``dry_run``, or when a row is invalid and not ``skip_invalid``;
    otherwise saves every new valid case in one transaction, audited as created by
    ``actor`` (None for an operator at the command line).
    Raises ImportFileError when the file as a whole is unreadable or lacks a column.
    """
    if (content is None) == (rows is None):
        raise ValueError("give either content or rows")
    with _gc_paused():
        return _import(
            trainee=trainee,
            actor=actor,
            table=importer.read_table(content, name=name, limits=import_limits())
            if content is not None
            else _table(rows or []),
            total=len(rows) if isinstance(rows, Sized) else None,
            source=name if content is not None else "rows",
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
            today=today or timezone.localdate(),
        )


def _import(
    *,
    trainee: User,
    actor: User,
    table: Table,
    total: int | None,
    source: str,
    dry_run: bool,
    skip_invalid: bool,
    progress: Progress | None,
    today: dt.date,
) -> ImportResult:
    supervisors = dict(supervisors_for(trainee).values_list("username", "pk"))
    checked = importer.check_rows(
        table,
        trainee_id=trainee.pk,
        catalogue=catalogue(today),
        supervisors=supervisors.keys(),
        today=today,
        progress=progress,
        total=total,
    )
    report = ImportReport(
        source=source,
        trainee=trainee.get_username(),
        rows=checked.rows,
        invalid=len(checked.invalid),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        errors=checked.errors,
    )
    if dry_run or report.blocked:
        new, duplicate = importer.split_new(checked.valid, _fingerprints(trainee))
        report.new, report.duplicate = len(new), len(duplicate)
        return ImportResult(report, table.header, checked.invalid)
    with transaction.atomic(), _large_cache():
        # One import per trainee at a time, so that duplicates are counted right.
        list(User.objects.select_for_update().filter(pk=trainee.pk).values_list("pk"))
        new, duplicate = importer.split_new(checked.valid, _fingerprints(trainee))
        report.new, report.duplicate = len(new), len(duplicate)
        report.saved = _save(trainee, actor, new, supervisors, progress)
    return ImportResult(report, table.header, checked.invalid)


def _table(rows: Iterable[Mapping[str, object]]) -> Table:
    return Table(
        header=COLUMNS,
        index={name: position for position, name in enumerate(COLUMNS)},
        rows=(
            Row(line=line, cells=tuple(cell_text(row.get(name)) for name in COLUMNS))
            for line, row in enumerate(rows, start=2)
        ),
    )


def _fingerprints(trainee: User) -> Counter[str]:
    return Counter(
        CaseEntry.objects.filter(trainee=trainee).values_list("fingerprint", flat=True).iterator()
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its objects (none are cyclic)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _large_cache() -> Iterator[None]:
    """A 64 MB SQLite page cache for this connection while an import writes (indexes fit)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


#: Every column of a case, in the order ``_save`` gives its values: the case's fields first.
INSERT_FIELDS = (
    "trainee",
    *(field.attribute for field in CASE_FIELDS),
    "category_key",
    "status",
    "verified_by",
    "verified_at",
    "return_comment",
    "source",
    "fingerprint",
    "created_at",
    "updated_at",
)


def _save(
    trainee: User,
    actor: User,
    cases: list[ValidCase],
    supervisors: Mapping[str, int],
    progress: Progress | None,
) -> int:
    """Insert the cases and one audit entry each, in bulk, in the caller's transaction.

    ``insert_rows`` with values adapted here: ``bulk_create`` prepares each value of
    each row through its field, which takes ten times as long for a large file. The
    new ids are read back (this import's cases share one ``created_at``)
    and checked against the fingerprints before the audit entries name them.
    """
    if not cases:
        return 0
    ops = connection.ops
    now = timezone.now()
    stamp = ops.adapt_datetimefield_value(now)
    pending, imported = CaseEntry.Status.PENDING.value, CaseEntry.Source.IMPORT.value
    adapt: dict[str, Callable[[Any], Any]] = {
        "date": ops.adapt_datefield_value,
        "number": ops.adapt_decimalfield_value,
        "user": lambda username: supervisors[username] if username else None,
    }
    # Text goes in as it is; only the values of the other kinds are adapted.
    adapted = [
        (index, adapt[field.kind]) for index, field in enumerate(CASE_FIELDS) if field.kind in adapt
    ]
    total = len(cases)

    def rows() -> Iterator[tuple[Any, ...]]:
        for done, case in enumerate(cases, start=1):
            values = list(case_values(case.data))
            for index, adapter in adapted:
                values[index] = adapter(values[index])
            yield (
                trainee.pk,
                *values,
                case.data.category_key,
                pending,
                None,
                None,
                "",
                imported,
                case.fingerprint,
                stamp,
                stamp,
            )
            if progress is not None and (done % BATCH_SIZE == 0 or done == total):
                progress("saving", done, total)

    insert_rows(CaseEntry, INSERT_FIELDS, rows(), batch_size=BATCH_SIZE)
    saved = list(
        CaseEntry.objects.filter(trainee=trainee, source=imported, created_at=now)
        .order_by("id")
        .values_list("id", "fingerprint")
    )
    if [fingerprint for _, fingerprint in saved] != [case.fingerprint for case in cases]:
        raise RuntimeError("imported cases could not be matched to their new ids")
    record_many(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        record_type=CaseEntry._meta.label,
        changes=(
            (case_id, None, imported_record(case.data))
            for (case_id, _), case in zip(saved, cases, strict=True)
        ),
        at=now,
        batch_size=BATCH_SIZE,
    )
    return total


def imported_record(data: CaseData) -> dict[str, Any]:
    """The audited state of a newly imported case: ``services.case_record`` of it."""
    return audit_record(values_of(data), status=CaseEntry.Status.PENDING.value, return_comment="")
