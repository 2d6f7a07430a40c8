"""Exporting a case log: CSV or XLSX with the import columns (so an export imports
again), or the PDF procedure log (``procedure_log``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.caselog import fields
from seldinger.caselog.fields import values_of
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.procedure_log import procedure_log
from seldinger.caselog.selectors import cases_of
from seldinger.tabular import Sheet, csv_chunks, xlsx_bytes

EXPORT_FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    #: The file, a piece at a time: a CSV is read from the database as it is sent, so a
    #: whole log streams; XLSX and PDF are built whole, in one piece.
    chunks: Callable[[], Iterator[bytes]]
    cases: int

    @property
    def content(self) -> bytes:
        return b"".join(self.chunks())


def export_cases(
    *,
    trainee: User,
    fmt: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    compress: bool = True,
) -> ExportFile:
    """The trainee's log (optionally between two dates, inclusive) as CSV, XLSX or PDF."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    cases = _cases(trainee, date_from, date_to)
    if fmt == "csv":
        chunks = _csv_chunks(cases)
    elif fmt == "xlsx":
        chunks = _whole(lambda: _xlsx(list(cases)))
    else:
        chunks = _whole(
            lambda: procedure_log(trainee, list(cases), date_from, date_to, compress=compress)
        )
    stamp = timezone.localdate().isoformat()
    return ExportFile(
        filename=f"caselog-{trainee.get_username()}-{stamp}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        chunks=chunks,
        cases=cases.count(),
    )


def _cases(
    trainee: User, date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[CaseEntry]:
    cases = cases_of(trainee)
    if date_from:
        cases = cases.filter(performed_on__gte=date_from)
    if date_to:
        cases = cases.filter(performed_on__lte=date_to)
    return cases.order_by("performed_on", "id")


def _whole(build: Callable[[], bytes]) -> Callable[[], Iterator[bytes]]:
    return lambda: iter((build(),))


def export_row(case: CaseEntry) -> list[str]:
    """One case as the import columns (``importer.COLUMNS``)."""
    return fields.export_row(values_of(case))


def _csv_chunks(cases: QuerySet[CaseEntry]) -> Callable[[], Iterator[bytes]]:
    return lambda: csv_chunks(
        COLUMNS, (export_row(case) for case in cases.iterator(chunk_size=1000))
    )


def _xlsx(cases: list[CaseEntry]) -> bytes:
    return xlsx_bytes([Sheet("Cases", COLUMNS, (export_row(case) for case in cases))])
