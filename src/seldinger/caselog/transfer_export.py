"""Exporting a case log: CSV or XLSX with the import columns (so an export imports
again), or the PDF procedure log (``procedure_log``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.caselog import fields
from seldinger.caselog.fields import values_of
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.procedure_log import procedure_log
from seldinger.caselog.selectors import cases_of
from seldinger.tabular import Sheet, csv_bytes, xlsx_bytes

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
    content: bytes
    cases: int


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
        content = _csv(cases)
    elif fmt == "xlsx":
        content = _xlsx(cases)
    else:
        content = procedure_log(trainee, cases, date_from, date_to, compress=compress)
    stamp = timezone.localdate().isoformat()
    return ExportFile(
        filename=f"caselog-{trainee.get_username()}-{stamp}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        content=content,
        cases=len(cases),
    )


def _cases(trainee: User, date_from: dt.date | None, date_to: dt.date | None) -> list[CaseEntry]:
    cases = cases_of(trainee)
    if date_from:
        cases = cases.filter(performed_on__gte=date_from)
    if date_to:
        cases = cases.filter(performed_on__lte=date_to)
    return list(cases.order_by("performed_on", "id"))


def export_row(case: CaseEntry) -> list[str]:
    """One case as the import columns (``importer.COLUMNS``)."""
    return fields.export_row(values_of(case))


def _csv(cases: list[CaseEntry]) -> bytes:
    return csv_bytes(COLUMNS, (export_row(case) for case in cases))


def _xlsx(cases: list[CaseEntry]) -> bytes:
    return xlsx_bytes([Sheet("Cases", COLUMNS, (export_row(case) for case in cases))])
