"""Importing a case log: the service behind the CLI, the web and the API.

An import is all or nothing unless told to skip invalid rows. In one transaction,
each row is checked as it is read (``importer``) and each new case stored as it is
found, in bulk (``audit.services.insert_rows``: one COPY on PostgreSQL, which
stores rows while the next are checked; batches of 2000 elsewhere); a file with an
invalid row is rolled back whole unless its invalid rows are skipped. Then each
saved case gets its audit entry, inserted the same way. Rows that match a case
already in the log (by fingerprint, with multiplicity) are not added again, so
importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import insert_rows, record_many
from seldinger.caselog import columns as column_map
from seldinger.caselog import cpt, importer
from seldinger.caselog.entries import CaseData
from seldinger.caselog.fields import ATTRIBUTES, CASE_FIELDS
from seldinger.caselog.importer import (
    COLUMNS,
    ImportFileError,
    ImportReport,
    Progress,
    Row,
    Table,
    ValidCase,
    data_values,
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
    columns: column_map.ColumnMap | None = None,
    cpt_choices: cpt.CptChoices | None = None,
) -> ImportResult:
    """Check a file (``content`` named ``name``) or ``rows`` and save the new cases.

    ``columns`` maps a file's own columns onto a case's fields (``columns.apply``;
    without it the file must name the case's columns); ``cpt_choices`` says which
    procedure a code naming several stands for (``cpt.resolve``).

    Saves nothing when ``dry_run``, or when a row is invalid and not ``skip_invalid``;
    otherwise saves every new valid case in one transaction, audited as created by
    ``actor`` (None for an operator at the command line). ``progress`` is called while
    the cases are being written, so it must not use the database.
    Raises ImportFileError when the file as a whole is unreadable or lacks a column.
    """
    if (content is None) == (rows is None):
        raise ValueError("give either content or rows")
    today = today or timezone.localdate()
    if content is None:
        table = _table(rows or [])
    elif columns is not None:
        source = importer.read_source(content, name=name, limits=import_limits())
        if tuple(column.title for column in columns.columns) != source.header:
            raise ImportFileError("the file's columns are not those mapped; map them again")
        table = column_map.apply(source, columns)
    else:
        table = importer.read_table(content, name=name, limits=import_limits())
    ambiguous: list[cpt.Ambiguous] = []
    table = cpt.resolve(table, catalogue(today), cpt_choices or cpt.CptChoices(), ambiguous)
    with _gc_paused():
        result = _import(
            trainee=trainee,
            actor=actor,
            table=table,
            total=len(rows) if isinstance(rows, Sized) else None,
            source=name if content is not None else "rows",
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
            today=today,
        )
    result.report.ambiguous = ambiguous
    if columns is not None:
        result.report.dropped_identifiers = columns.dropped_identifiers
    return result


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
    known = catalogue(today)

    def check_each(checked: importer.CheckedRows) -> Iterator[ValidCase]:
        return importer.check_each(
            table,
            checked,
            trainee_id=trainee.pk,
            catalogue=known,
            supervisors=supervisors.keys(),
            today=today,
            progress=progress,
            total=total,
        )

    if dry_run:
        checked = importer.CheckedRows()
        checked.valid.extend(check_each(checked))
        report = _report(checked, trainee, source, dry_run=True, skip_invalid=skip_invalid)
        found, again = importer.split_new(checked.valid, _fingerprints(trainee))
        report.new, report.duplicate = len(found), len(again)
        return ImportResult(report, table.header, checked.invalid)
    checked = importer.CheckedRows()
    new: list[ValidCase] = []
    duplicate: list[ValidCase] = []
    # The transaction inside: a file found invalid rolls it back, then the cache is reset.
    with _large_cache(), transaction.atomic():
        # One import per trainee at a time, so that duplicates are counted right.
        list(User.objects.select_for_update().filter(pk=trainee.pk).values_list("pk"))
        logged = importer.Logged(_fingerprints(trainee))

        def savable() -> Iterator[ValidCase]:
            """The new cases as the rows are checked, until a row is found invalid (then
            nothing is saved, unless invalid rows are skipped): the database stores each
            while the next are checked."""
            for case in check_each(checked):
                if logged.take(case):
                    duplicate.append(case)
                    continue
                new.append(case)
                if skip_invalid or not checked.invalid:
                    yield case

        now = timezone.now()
        stored = _insert(trainee, savable(), supervisors, now)
        report = _report(checked, trainee, source, dry_run=False, skip_invalid=skip_invalid)
        report.new, report.duplicate = len(new), len(duplicate)
        if report.blocked:
            transaction.set_rollback(True)  # the cases stored before the first invalid row
        else:
            report.saved = _audit(trainee, actor, stored, now, progress)
    return ImportResult(report, table.header, checked.invalid)


def _report(
    checked: importer.CheckedRows,
    trainee: User,
    source: str,
    *,
    dry_run: bool,
    skip_invalid: bool,
) -> ImportReport:
    return ImportReport(
        source=source,
        trainee=trainee.get_username(),
        rows=checked.rows,
        invalid=len(checked.invalid),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        errors=checked.errors,
    )


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


#: The fields of ``CaseData`` (the order of ``ValidCase.values``).
_DATA_FIELDS = tuple(CaseData.__dataclass_fields__)
#: Every column of a case, in the order ``_save`` gives its values: the case's values first.
INSERT_FIELDS = (
    "trainee",
    *_DATA_FIELDS,
    "status",
    "verified_by",
    "verified_at",
    "return_comment",
    "source",
    "fingerprint",
    "created_at",
    "updated_at",
)
_KINDS = {field.attribute: field.kind for field in CASE_FIELDS}
#: Where in a case's values its date and doses are: stored and audited as their text.
_DATE = _DATA_FIELDS.index("performed_on")
_NUMBERS = tuple(
    position for position, name in enumerate(_DATA_FIELDS) if _KINDS.get(name) == "number"
)
_SUPERVISOR = _DATA_FIELDS.index("supervisor")
_STATE_KEYS = (*ATTRIBUTES, "status", "return_comment")
#: A case's audited values (``fields.audit_record``) from its values with text for dates and doses.
_state_values = itemgetter(*(_DATA_FIELDS.index(name) for name in ATTRIBUTES))


class _Dates(dict[dt.date, str]):
    """A date -> its text, each made once (a file repeats its dates)."""

    def __missing__(self, day: dt.date) -> str:
        text = self[day] = day.isoformat()
        return text


def _texts_for(values: tuple[Any, ...], dates: _Dates) -> list[Any]:
    """A case's values with its date and doses as text."""
    shown = list(values)
    shown[_DATE] = dates[shown[_DATE]]
    for position in _NUMBERS:
        if shown[position] is not None:
            shown[position] = str(shown[position])
    return shown


def _insert(
    trainee: User, cases: Iterable[ValidCase], supervisors: Mapping[str, int], now: dt.datetime
) -> list[tuple[ValidCase, list[Any]]]:
    """Insert the cases as they come, in the caller's transaction; each with its values as
    stored (dates and doses as text), for ``_audit``.

    ``insert_rows`` with plain values: ``bulk_create`` prepares each value of each row
    through its field, which takes ten times as long for a large file. Dates and doses go
    in as their text (as Django stores them on SQLite; PostgreSQL reads them from text),
    each date's text made once.
    """
    stamp = connection.ops.adapt_datetimefield_value(now)
    pending, imported = CaseEntry.Status.PENDING.value, CaseEntry.Source.IMPORT.value
    trainee_id = trainee.pk
    user_ids: dict[str | None, int | None] = {None: None}
    user_ids.update(supervisors)
    dates = _Dates()
    stored: list[tuple[ValidCase, list[Any]]] = []

    def rows() -> Iterator[tuple[Any, ...]]:
        for case in cases:
            values = _texts_for(case.values, dates)
            stored.append((case, values))
            yield (
                trainee_id,
                *values[:_SUPERVISOR],
                user_ids[values[_SUPERVISOR]],
                *values[_SUPERVISOR + 1 :],
                pending,
                None,
                None,
                "",
                imported,
                case.fingerprint,
                stamp,
                stamp,
            )

    insert_rows(CaseEntry, INSERT_FIELDS, rows(), batch_size=BATCH_SIZE)
    return stored


def _audit(
    trainee: User,
    actor: User,
    stored: list[tuple[ValidCase, list[Any]]],
    now: dt.datetime,
    progress: Progress | None,
) -> int:
    """One audit entry per case ``_insert`` stored, in bulk; returns how many.

    The new ids are read back (this import's cases share one ``created_at``) and checked
    against the fingerprints before the audit entries name them.
    """
    if not stored:
        return 0
    saved = list(
        CaseEntry.objects.filter(
            trainee=trainee, source=CaseEntry.Source.IMPORT.value, created_at=now
        )
        .order_by("id")
        .values_list("id", "fingerprint")
    )
    if [fingerprint for _, fingerprint in saved] != [case.fingerprint for case, _ in stored]:
        raise RuntimeError("imported cases could not be matched to their new ids")
    total = len(stored)

    def changes() -> Iterator[tuple[int, None, dict[str, Any]]]:
        for done, ((case_id, _), (_, values)) in enumerate(zip(saved, stored, strict=True), 1):
            yield case_id, None, _imported_state(values)
            if progress is not None and (done % BATCH_SIZE == 0 or done == total):
                progress("saving", done, total)

    record_many(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        record_type=CaseEntry._meta.label,
        changes=changes(),
        at=now,
        batch_size=BATCH_SIZE,
    )
    return total


def imported_record(data: CaseData) -> dict[str, Any]:
    """The audited state of a newly imported case: ``services.case_record`` of it."""
    return _imported_state(_texts_for(data_values(data), _Dates()))


#: What the audited state of every imported case ends with: its review.
_REVIEW = (CaseEntry.Status.PENDING.value, "")


def _imported_state(shown: list[Any]) -> dict[str, Any]:
    """``imported_record`` from a case's values with text for its date and doses."""
    return dict(zip(_STATE_KEYS, (*_state_values(shown), *_REVIEW), strict=True))
