"""Importing and exporting case logs: the services behind the CLI, the web and the API.

An import is all or nothing unless told to skip invalid rows: every row is
checked first (``importer``), then the new cases are saved in one transaction,
in batches of 2000, with one audit entry each, also inserted in bulk. Rows that
match a case already in the log (by fingerprint, with multiplicity) are not
added again, so importing the same file twice adds nothing.

Exports write the log as CSV or XLSX with the import columns (so an export
imports again) or as a PDF procedure log for hospital credentialing.
"""

from __future__ import annotations

import datetime as dt
import gc
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import insert_rows, record_many
from seldinger.caselog import fields, importer
from seldinger.caselog.catalogue import Catalogue
from seldinger.caselog.entries import CaseData
from seldinger.caselog.fields import CASE_FIELDS, audit_record, values_of
from seldinger.caselog.importer import (
    COLUMNS,
    ImportFileError,
    ImportReport,
    Progress,
    Row,
    Table,
    ValidCase,
)
from seldinger.caselog.models import CaseEntry, CaseRole
from seldinger.caselog.selectors import (
    can_view_log_of,
    cases_of,
    catalogue,
    supervisors_for,
)
from seldinger.programs.models import Program
from seldinger.tabular import Sheet, cell_text, csv_bytes, xlsx_bytes
from seldinger.tabular_limits import import_limits

BATCH_SIZE = 2000
#: Largest file the web and the API accept, unless settings.CASELOG_MAX_UPLOAD_BYTES says.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
EXPORT_FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "CASELOG_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES))


def upload_limit() -> str:
    """The upload limit for messages: "20 MB"."""
    limit = max_upload_bytes()
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit} bytes"


# Who may import and export ---------------------------------------------------------------


def can_import_for(viewer: Any, trainee: Any) -> bool:
    """The trainee themself, a current director of their current program, or an admin."""
    if not access.is_active_user(viewer) or trainee is None:
        return False
    if viewer.pk == trainee.pk or viewer.is_platform_admin:
        return True
    return access.leads_trainee(viewer, trainee, directors_only=True)


def importable_trainees(viewer: Any) -> QuerySet[User]:
    """Trainees whose logs ``viewer`` may import into, other than their own."""
    if not access.is_active_user(viewer):
        return User.objects.none()
    if viewer.is_platform_admin:
        trainees = access.visible_trainees(viewer).filter(is_active=True)
    else:
        trainees = access.trainees_led_by(viewer, directors_only=True)
    return trainees.exclude(pk=viewer.pk).order_by("last_name", "username")


def _named_trainee(viewer: Any, username: str | None) -> User:
    if not username or username == viewer.get_username():
        return viewer  # type: ignore[no-any-return]
    trainee = User.objects.filter(username=username).first()
    if trainee is None:
        raise Http404("No such trainee.")
    return trainee


def trainee_for_import(viewer: Any, username: str | None = None) -> User:
    """The trainee named (default: the viewer); 404 unless the viewer may import for them."""
    trainee = _named_trainee(viewer, username)
    if not can_import_for(viewer, trainee):
        raise Http404("No such trainee.")
    return trainee


def trainee_for_export(viewer: Any, username: str | None = None) -> User:
    """The trainee named (default: the viewer); 404 unless the viewer may see their log."""
    trainee = _named_trainee(viewer, username)
    if not can_view_log_of(viewer, trainee):
        raise Http404("No such trainee.")
    return trainee


# Import ----------------------------------------------------------------------------------


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
    trainee: Any,
    actor: Any,
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
    trainee: Any,
    actor: Any,
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


def _fingerprints(trainee: Any) -> Counter[str]:
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
    trainee: Any,
    actor: Any,
    cases: list[ValidCase],
    supervisors: Mapping[str, int],
    progress: Progress | None,
) -> int:
    """Insert the cases and one audit entry each, in batches, in the caller's transaction.

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
        "text": lambda text: text,
    }
    adapters = [(field.attribute, adapt[field.kind]) for field in CASE_FIELDS]
    meta = CaseEntry._meta
    total = len(cases)
    for start in range(0, total, BATCH_SIZE):
        batch = cases[start : start + BATCH_SIZE]
        insert_rows(
            CaseEntry,
            INSERT_FIELDS,
            [
                (
                    trainee.pk,
                    *(adapter(getattr(case.data, attribute)) for attribute, adapter in adapters),
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
                for case in batch
            ],
            batch_size=BATCH_SIZE,
        )
        if progress is not None:
            progress("saving", start + len(batch), total)
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
        record_type=meta.label,
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


# Export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    cases: int


def export_cases(
    *,
    trainee: Any,
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
        content = _pdf(trainee, cases, date_from, date_to, compress=compress)
    stamp = timezone.localdate().isoformat()
    return ExportFile(
        filename=f"caselog-{trainee.get_username()}-{stamp}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        content=content,
        cases=len(cases),
    )


def _cases(trainee: Any, date_from: dt.date | None, date_to: dt.date | None) -> list[CaseEntry]:
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


# The PDF procedure log -------------------------------------------------------------------


def _latin1(text: str) -> str:
    """Text the PDF core fonts can show: accents dropped where needed, else '?'."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        characters = []
        for character in text:
            try:
                character.encode("latin-1")
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", character).encode("latin-1", "ignore")
                characters.append(base.decode("latin-1") or "?")
            else:
                characters.append(character)
        return "".join(characters)
    return text


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _directors_of(program: Program | None) -> list[str]:
    if program is None:
        return []
    return [_person(director) for director in access.directors_of(program)]


def _role_totals(
    cases: list[CaseEntry], procedures: Catalogue
) -> list[tuple[str, dict[str, int], int]]:
    counts: dict[str, Counter[str]] = {}
    for case in cases:
        category = procedures.categories.get(case.category_key)
        name = category.name if category else case.category_key
        counts.setdefault(name, Counter())[case.role] += 1
    return [
        (name, dict(counter), sum(counter.values())) for name, counter in sorted(counts.items())
    ]


def _pdf(
    trainee: Any,
    cases: list[CaseEntry],
    date_from: dt.date | None,
    date_to: dt.date | None,
    *,
    compress: bool,
) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class ProcedureLog(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.set_text_color(90)
            self.cell(0, 6, _latin1(f"{trainee_name} · procedure log"), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    program = access.program_of(trainee)
    directors = _directors_of(program)
    procedures = catalogue()
    trainee_name = _person(trainee)
    first = cases[0].performed_on if cases else None
    last = cases[-1].performed_on if cases else None
    start, end = date_from or first, date_to or last
    period = f"{start or 'the first case'} to {end or 'today'}"

    pdf = ProcedureLog(format="letter")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(f"Procedure log: {trainee_name}"))
    pdf.set_author("Seldinger")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Interventional radiology procedure log", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    details = [
        ("Trainee", trainee_name),
        ("Program", f"{program.name} ({program.institution})" if program else "not on record"),
        ("Program director", ", ".join(directors) or "not on record"),
        ("Cases from", period),
        ("Generated", f"{timezone.localdate().isoformat()} by Seldinger"),
    ]
    for label, value in details:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(40, 6, label)
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    heading = FontFace(emphasis="BOLD", fill_color=(225, 230, 238))
    roles = [role for role, _ in CaseRole.choices]

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(
        0, 8, f"Totals by category and role ({len(cases)} cases)", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", size=9)
    with pdf.table(
        col_widths=(70, 22, 22, 22, 22),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=5,
    ) as table:
        table.row(["Category", *(role.capitalize() for role in roles), "Total"])
        for name, by_role, total in _role_totals(cases, procedures):
            table.row([_latin1(name), *(str(by_role.get(role, 0)) for role in roles), str(total)])
        overall = Counter(case.role for case in cases)
        table.row(
            ["All categories", *(str(overall.get(role, 0)) for role in roles), str(len(cases))]
        )
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Verification status", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    statuses = Counter(case.status for case in cases)
    with pdf.table(
        col_widths=(70, 22),
        text_align=("LEFT", "RIGHT"),
        headings_style=heading,
        line_height=5,
        width=92,
        align="LEFT",
    ) as table:
        table.row(["Status", "Cases"])
        for status, label in CaseEntry.Status.choices:
            table.row([label, str(statuses.get(status, 0))])
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Cases", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    if not cases:
        pdf.cell(0, 6, "No cases in this period.", new_x="LMARGIN", new_y="NEXT")
    else:
        with pdf.table(
            col_widths=(20, 72, 20, 22, 34, 32),
            text_align="LEFT",
            headings_style=heading,
            line_height=4.5,
            repeat_headings=1,
        ) as table:
            table.row(["Date", "Procedure", "Role", "Modality", "Supervisor", "Status"])
            for case in cases:
                procedure = procedures.get(case.procedure_key)
                table.row(
                    [
                        case.performed_on.isoformat(),
                        _latin1(procedure.name if procedure else case.procedure_key),
                        case.role.capitalize(),
                        case.get_modality_display(),
                        _latin1(_person(case.supervisor)),
                        case.get_status_display(),
                    ]
                )
    pdf.ln(8)
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(
        0,
        5,
        text=(
            "Cases are as logged by the trainee; 'Verified' cases were confirmed by the "
            "supervising faculty member named.\n\nProgram director's signature: "
            "______________________________    Date: ______________"
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
