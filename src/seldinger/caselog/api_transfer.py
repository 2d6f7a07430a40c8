"""JSON API for case-log import and export: the same services as the CLI and the web."""

from typing import Annotated, Literal

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import SEARCH_TEXT_MAX_LENGTH, PlausibleDate, SearchText
from seldinger.caselog import importer, jobs, transfer, transfer_export, transfer_import
from seldinger.caselog.cpt import parse as parse_cpt
from seldinger.caselog.importer import ImportFileError
from seldinger.caselog.selectors import catalogue
from seldinger.caselog.views_transfer import download
from seldinger.errors import ErrorItem, Invalid
from seldinger.jobs import selectors as job_selectors
from seldinger.jobs.api import BackgroundJobOut
from seldinger.tabular_limits import import_limits

router = Router(tags=["case log"])


class RowErrorOut(Schema):
    line: int
    field: str
    message: str


class AmbiguousRowOut(Schema):
    line: int
    field: str
    code: str
    #: The procedure chosen for the row (empty: none chosen, so the row is invalid).
    chosen: str


class ImportReportOut(Schema):
    source: str
    trainee: str
    rows: int
    new: int
    duplicate: int
    invalid: int
    saved: int
    dry_run: bool
    skip_invalid: bool
    errors: list[RowErrorOut]
    ambiguous: list[AmbiguousRowOut]


@router.post(
    "/import",
    response={
        200: ImportReportOut,
        202: BackgroundJobOut,
        400: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    auth=logged_in,
    summary="Import cases from a CSV or XLSX file",
    description=(
        "Multipart form: `file` (.csv or .xlsx with a header row, up to 20 MB), `dry_run`, "
        "`skip_invalid`, and `trainee` (a username; default yourself; a program director "
        "may import for their residents). All or nothing: when a row is invalid and "
        "`skip_invalid` is false, nothing is saved and the answer is 422 with every invalid "
        "row in `errors` (line numbers count the header as line 1). Rows already in the log "
        "are not added again. 400 when the file as a whole cannot be read or lacks a column. "
        "A file of more rows than the server's JOB_IMPORT_ROWS (2,000 unless set) is imported "
        "by a background job: the answer is 202 with the job (`GET /api/jobs/{id}` until it "
        "has finished; its `details` are this report). "
        "`cpt` (repeatable) chooses the procedure of a CPT code that names several (37243 is "
        "TACE, radioembolization or uterine fibroid embolization): `37243=tace` for every row "
        "with the code, `37243@12=radioembolization` for the row on line 12 (a row's own "
        "choice wins). Without a choice such a row is invalid, its error naming the code and "
        "its procedures; `ambiguous` lists every such row and what was chosen."
    ),
)
def import_cases(
    request: AuthedRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    skip_invalid: Form[bool] = False,
    trainee: Annotated[str, Form("", max_length=SEARCH_TEXT_MAX_LENGTH)] = "",
    cpt: Annotated[list[SearchText] | None, Form(None, max_length=100)] = None,
) -> object:
    target = transfer.trainee_for_import(request.user, trainee or None)
    choices = parse_cpt(cpt or [], catalogue())
    if file.size is not None and file.size > transfer.max_upload_bytes():
        raise Invalid(f"the file is larger than {transfer.upload_limit()}", field="file")
    name = file.name or "upload"
    content = file.read()
    try:
        importer.file_format(name)
        rows = importer.scan(content, name=name, limits=import_limits())
        if not dry_run and transfer.in_background(rows):
            job = jobs.start_import(
                actor=request.user,
                trainee=target,
                content=content,
                name=name,
                skip_invalid=skip_invalid,
                cpt_choices=choices,
            )
            return Status(202, job_selectors.state_of(job).as_dict())
        result = transfer_import.import_cases(
            trainee=target,
            actor=request.user,
            content=content,
            name=name,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            cpt_choices=choices,
        )
    except ImportFileError as error:  # named after the uploaded file
        raise Invalid(error.located(name), errors=error.items) from None
    report = result.report
    if report.blocked and not report.dry_run:
        raise Invalid(
            report.blocked_message(),
            errors=[ErrorItem(row.field, row.message, row.line) for row in report.errors],
            status=422,
        )
    return Status(200, report.as_dict())


@router.get(
    "/export",
    auth=logged_in,
    summary="Export a case log as CSV, XLSX or PDF",
    description=(
        "format: csv or xlsx (the import columns, so the file imports again) or pdf (a "
        "procedure log for credentialing). trainee: a username (default yourself; directors "
        "for their residents). from, to: optional dates, inclusive. An XLSX or PDF of more "
        "cases than the server's JOB_EXPORT_CASES (5,000 unless set) is written by a "
        "background job: the answer is 202 with the job (`GET /api/jobs/{id}` until it has "
        "finished; then `download` is the file's address)."
    ),
    response={200: None, 202: BackgroundJobOut, 404: ErrorOut},
)
def export_cases(
    request: AuthedRequest,
    format: Literal["csv", "xlsx", "pdf"] = "csv",
    trainee: SearchText = "",
    date_from: Annotated[PlausibleDate | None, Query(None, alias="from")] = None,
    date_to: Annotated[PlausibleDate | None, Query(None, alias="to")] = None,
) -> object:
    target = transfer.trainee_for_export(request.user, trainee or None)
    exported = transfer_export.export_cases(
        trainee=target, fmt=format, date_from=date_from, date_to=date_to
    )
    if transfer.export_in_background(format, exported.cases):
        job = jobs.start_export(
            actor=request.user, trainee=target, fmt=format, date_from=date_from, date_to=date_to
        )
        return Status(202, job_selectors.state_of(job).as_dict())
    return download(exported)
