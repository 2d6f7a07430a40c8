"""Importing and exporting case logs on the web: upload, preview, confirm; downloads.

The uploaded file is kept server-side (``CASELOG_IMPORT_DIR``, default
``VAR_DIR/imports``) under a random token that the session maps to the file,
its name and the trainee, so that the preview and the confirmation import
exactly what was checked. The confirmation runs the same all-or-nothing
service as the CLI and the API; the file is deleted once it is imported or
cancelled, and stale uploads are swept away after a day.
"""

import datetime as dt
import secrets
import time
from pathlib import Path
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.caselog import columns as column_map
from seldinger.caselog import (
    importer,
    jobs,
    selectors,
    services,
    transfer,
    transfer_export,
    transfer_import,
)
from seldinger.caselog.cpt import CptChoices, check_choice
from seldinger.caselog.fields import CASE_FIELDS
from seldinger.caselog.importer import ImportFileError
from seldinger.caselog.models import CaseRole, Modality
from seldinger.caselog.transfer_import import ImportResult
from seldinger.jobs.offer import JobOffer
from seldinger.tabular_limits import import_limits
from seldinger.web.pages import attachment
from seldinger.web.routes import Routes

routes = Routes()


SESSION_KEY = "caselog_imports"
#: Uploads kept per session (older ones are dropped with their files).
KEPT_PER_SESSION = 5
STALE_AFTER_SECONDS = 24 * 3600


def import_dir() -> Path:
    return Path(getattr(settings, "CASELOG_IMPORT_DIR", Path(settings.VAR_DIR) / "imports"))


class UploadForm(forms.Form):
    file = forms.FileField(label="Case log file")
    trainee = forms.ChoiceField(label="Import into the log of", required=False)

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["file"].help_text = f"A .csv or .xlsx file, up to {transfer.upload_limit()}."
        others = list(transfer.importable_trainees(viewer))
        if others:
            choices = [("", f"{viewer.get_full_name() or viewer.username} (my own log)")]
            choices += [(user.username, user.get_full_name() or user.username) for user in others]
            cast(forms.ChoiceField, self.fields["trainee"]).choices = choices
        else:
            del self.fields["trainee"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > transfer.max_upload_bytes():
            raise forms.ValidationError(f"The file is larger than {transfer.upload_limit()}.")
        try:
            importer.file_format(upload.name)
            self.content = upload.read()
            # Any header: its columns are mapped onto a case's fields in the preview.
            self.rows = importer.scan(
                self.content, name=upload.name, limits=import_limits(), any_header=True
            )
        except ImportFileError as error:
            raise forms.ValidationError(error.located(upload.name)) from None
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "trainee" in self.fields:
            if self.has_error("trainee"):
                return cleaned
            username = cleaned.get("trainee")
        else:
            username = self.data.get("trainee")
        # Http404 for a trainee the viewer may not import for.
        self.target = transfer.trainee_for_import(self.viewer, username or None)
        return cleaned


def _uploads(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request: HttpRequest, token: str) -> None:
    uploads = _uploads(request)
    entry = uploads.pop(token, None)
    if entry:
        (import_dir() / entry["file"]).unlink(missing_ok=True)
    request.session[SESSION_KEY] = uploads


def _sweep_stale() -> None:
    cutoff = time.time() - STALE_AFTER_SECONDS
    for stale in import_dir().glob("*.upload"):
        try:
            if stale.stat().st_mtime < cutoff:
                stale.unlink(missing_ok=True)
        except OSError:
            pass


def _store(request: HttpRequest, form: UploadForm) -> str:
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _sweep_stale()
    token = secrets.token_urlsafe(16)
    (directory / f"{token}.upload").write_bytes(form.content)
    uploads = _uploads(request)
    for old in list(uploads)[: max(0, len(uploads) - KEPT_PER_SESSION + 1)]:
        (directory / uploads.pop(old)["file"]).unlink(missing_ok=True)
    uploads[token] = {
        "file": f"{token}.upload",
        "name": Path(form.cleaned_data["file"].name).name,
        "trainee": form.target.pk,
        "rows": form.rows,
    }
    request.session[SESSION_KEY] = uploads
    return token


def _stored(request: AuthedRequest, token: str) -> tuple[dict[str, Any], User, bytes] | None:
    """The upload behind ``token`` in this session, if it is still there and allowed."""
    entry = _uploads(request).get(token)
    if entry is None:
        return None
    trainee = User.objects.filter(pk=entry["trainee"]).first()
    try:
        content = (import_dir() / entry["file"]).read_bytes()
    except OSError:
        content = None
    if trainee is None or content is None or not transfer.can_import_for(request.user, trainee):
        _forget(request, token)
        return None
    return entry, trainee, content


def _gone(request: HttpRequest) -> HttpResponse:
    messages.error(request, "That upload has already been imported, cancelled or has expired.")
    return redirect("caselog:import")


@routes.page("import/", name="import")
def upload(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, viewer=request.user)
    if request.method == "POST":
        if form.is_valid():
            return redirect("caselog:import_preview", token=_store(request, form))
        return render(request, "caselog/transfer_import.html", {"form": form}, status=400)
    return render(request, "caselog/transfer_import.html", {"form": form})


def _import(
    request: AuthedRequest, token: str, *, dry_run: bool = False, skip_invalid: bool = False
) -> tuple[ImportResult, User] | HttpResponse:
    """The stored upload imported (or only checked, ``dry_run``) for its trainee; the page to
    go to instead when it is gone or its file cannot be read."""
    stored = _stored(request, token)
    if stored is None:
        return _gone(request)
    entry, _, content = stored
    try:
        header, _ = _source(content, entry["name"])
    except ImportFileError as error:
        return _unreadable(request, token, entry, error)
    mapping = _mapping(request, entry, header)
    return _run(request, token, stored, mapping, dry_run=dry_run, skip_invalid=skip_invalid)


def _run(
    request: AuthedRequest,
    token: str,
    stored: tuple[dict[str, Any], User, bytes],
    mapping: column_map.ColumnMap,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> tuple[ImportResult, User] | HttpResponse:
    """``_import`` of an upload already read, its columns mapped as ``mapping``."""
    entry, trainee, content = stored
    try:
        result = transfer_import.import_cases(
            trainee=trainee,
            actor=request.user,
            content=content,
            name=entry["name"],
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            columns=mapping,
            cpt_choices=CptChoices.from_dict(entry.get("cpt")),
        )
    except ImportFileError as error:
        return _unreadable(request, token, entry, error)
    return result, trainee


def _unreadable(
    request: AuthedRequest, token: str, entry: dict[str, Any], error: ImportFileError
) -> HttpResponse:
    """The upload forgotten, and the import page saying why its file cannot be read."""
    _forget(request, token)
    messages.error(request, error.located(entry["name"]))
    return redirect("caselog:import")


def _source(content: bytes, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A file's header as written and its first data row (for samples beside the mapping)."""
    table = importer.read_source(content, name=name, limits=import_limits())
    first = next(table.rows, None)
    return table.header, first.cells if first else ()


def _mapping(
    request: AuthedRequest, entry: dict[str, Any], header: tuple[str, ...]
) -> column_map.ColumnMap:
    """The columns as chosen for this upload, else as suggested (remembered, synonyms)."""
    if "columns" in entry:
        mapping, _ = column_map.chosen(header, entry["columns"], entry.get("fill") or {})
        return mapping
    return column_map.suggest(header, selectors.remembered_columns(request.user))


def _column_rows(mapping: column_map.ColumnMap, sample: tuple[str, ...]) -> list[dict[str, Any]]:
    """The mapping step's rows: each source column, a sample cell (never an identifier's)."""
    return [
        {
            "position": column.position,
            "title": column.title or f"(column {column.position + 1}, no title)",
            "field": column.field,
            "identifier": column.identifier,
            "sample": ""
            if column.identifier or column.position >= len(sample)
            else sample[column.position][:60],
        }
        for column in mapping.columns
    ]


def _fill_rows(mapping: column_map.ColumnMap) -> list[dict[str, Any]]:
    """The fields no column gives that a value may fill for every row (the required ones)."""
    given = mapping.fields()
    return [
        {
            "name": field.name,
            "label": field.label,
            "help": field.description,
            "value": mapping.fill.get(field.name, ""),
            "choices": FILL_CHOICES.get(field.name, []),
        }
        for field in CASE_FIELDS
        if field.required and field.name not in given
    ]


def _ambiguous_codes(report: importer.ImportReport, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Each CPT code of the file that names several procedures: its rows and the choices."""
    known = selectors.catalogue()
    chosen = CptChoices.from_dict(entry.get("cpt"))
    by_code: dict[str, list[Any]] = {}
    for row in report.ambiguous:
        by_code.setdefault(row.code, []).append(row)
    return [
        {
            "code": code,
            "procedures": known.by_cpt(code),
            "chosen": chosen.codes.get(code, ""),
            "rows": [
                {"line": row.line, "chosen": chosen.rows.get((row.line, code), "")}
                for row in rows[:ROWS_SHOWN]
            ],
            "more": max(0, len(rows) - ROWS_SHOWN),
            "count": len(rows),
            "waiting": sum(1 for row in rows if not row.chosen),
        }
        for code, rows in by_code.items()
    ]


#: The fields filled for every row that are chosen from a list, not typed.
FILL_CHOICES: dict[str, list[tuple[str, str]]] = {
    "role": list(CaseRole.choices),
    "modality": list(Modality.choices),
}
#: Rows of one ambiguous code the preview lets the user choose one by one.
ROWS_SHOWN = 100


@routes.page("import/<str:token>/", name="import_preview")
@require_GET
def preview(request: AuthedRequest, token: str) -> HttpResponse:
    stored = _stored(request, token)
    if stored is None:
        return _gone(request)
    entry, trainee, content = stored
    try:
        header, sample = _source(content, entry["name"])
    except ImportFileError as error:
        return _unreadable(request, token, entry, error)
    mapping = _mapping(request, entry, header)
    context: dict[str, Any] = {
        "token": token,
        "source": entry["name"],
        "trainee": trainee,
        "own": trainee.pk == request.user.pk,
        "columns": _column_rows(mapping, sample),
        "fill": _fill_rows(mapping),
        "field_labels": list(column_map.LABELS.items()),
        "dropped": mapping.dropped_identifiers,
        "missing": [column_map.LABELS[name] for name in mapping.missing()],
        "mapped_already": mapping.is_identity() and "columns" not in entry,
        "mapped": "columns" in entry,
    }
    if not context["missing"]:
        imported = _run(request, token, stored, mapping, dry_run=True)
        if isinstance(imported, HttpResponse):
            return imported
        report = imported[0].report
        context["report"] = report
        context["ambiguous"] = _ambiguous_codes(report, entry)
        context["waiting"] = sum(item["waiting"] for item in context["ambiguous"])
    return render(request, "caselog/transfer_preview.html", context)


@routes.page("import/<str:token>/columns/", name="import_columns")
@require_POST
def map_columns(request: AuthedRequest, token: str) -> HttpResponse:
    """The mapping step: each source column to a case field or dropped; remembered."""
    stored = _stored(request, token)
    if stored is None:
        return _gone(request)
    entry, _, content = stored
    header, _ = _source(content, entry["name"])
    choices = [request.POST.get(f"column_{position}", "") for position in range(len(header))]
    fill = {
        field.name: request.POST.get(f"fill_{field.name}", "")[: field.max_length]
        for field in CASE_FIELDS
    }
    mapping, errors = column_map.chosen(header, choices, fill)
    if errors:
        for error in errors:
            messages.error(request, f"{entry['name']}: {error}")
        return redirect("caselog:import_preview", token=token)
    uploads = _uploads(request)
    uploads[token] = {
        **entry,
        "columns": [column.field for column in mapping.columns],
        "fill": mapping.fill,
    }
    request.session[SESSION_KEY] = uploads
    services.remember_columns(user=request.user, mapping=mapping)
    messages.success(request, "Columns mapped; they will be suggested for your next import.")
    return redirect("caselog:import_preview", token=token)


@routes.page("import/<str:token>/procedures/", name="import_procedures")
@require_POST
def choose_procedures(request: AuthedRequest, token: str) -> HttpResponse:
    """The procedure each ambiguous CPT code stands for: for all its rows, or row by row."""
    stored = _stored(request, token)
    if stored is None:
        return _gone(request)
    entry = stored[0]
    known = selectors.catalogue()
    choices = CptChoices()
    problems = []
    for name in request.POST:
        kind, _, rest = name.partition("_")
        key = request.POST.get(name, "").strip()
        if kind not in ("code", "row") or not key:
            continue
        code, _, line = rest.partition("_")
        problem = check_choice(known, code, key)
        if problem or (kind == "row" and not line.isdigit()):
            problems.append(f"{entry['name']}: CPT {code}: {problem or 'no such row'}")
        elif kind == "code":
            choices.codes[code] = key
        else:
            choices.rows[(int(line), code)] = key
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect("caselog:import_preview", token=token)
    uploads = _uploads(request)
    uploads[token] = {**entry, "cpt": choices.as_dict()}
    request.session[SESSION_KEY] = uploads
    return redirect("caselog:import_preview", token=token)


@routes.page("import/<str:token>/confirm/", name="import_confirm")
@require_POST
def confirm(request: AuthedRequest, token: str) -> HttpResponse:
    skip_invalid = request.POST.get("skip_invalid") == "1"
    stored = _stored(request, token)
    if stored is not None and transfer.in_background(stored[0].get("rows", 0)):
        entry, trainee, content = stored
        _forget(request, token)
        header, _ = _source(content, entry["name"])
        job = jobs.start_import(
            actor=request.user,
            trainee=trainee,
            content=content,
            name=entry["name"],
            skip_invalid=skip_invalid,
            columns=_mapping(request, entry, header),
            cpt_choices=CptChoices.from_dict(entry.get("cpt")),
        )
        return redirect("jobs:detail", job_id=job.pk)
    imported = _import(request, token, skip_invalid=skip_invalid)
    if isinstance(imported, HttpResponse):
        return imported
    result, trainee = imported
    report = result.report
    if report.blocked:
        messages.error(
            request,
            f"{report.blocked_message()} Fix the file and upload it again, or import only "
            "the valid rows.",
        )
        return redirect("caselog:import_preview", token=token)
    _forget(request, token)
    own = trainee.pk == request.user.pk
    messages.success(request, report.saved_message(transfer.whose_log(request.user, trainee)))
    return redirect("caselog:my_cases" if own else "caselog:import")


@routes.page("import/<str:token>/cancel/", name="import_cancel")
@require_POST
def cancel(request: AuthedRequest, token: str) -> HttpResponse:
    _forget(request, token)
    messages.info(request, "Import cancelled; nothing was saved.")
    return redirect("caselog:import")


def _date(request: HttpRequest, name: str) -> dt.date | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    return dt.date.fromisoformat(value)


@routes.page("export.csv", name="export_csv", kwargs={"fmt": "csv"})
@routes.page("export.xlsx", name="export_xlsx", kwargs={"fmt": "xlsx"})
@routes.page("export.pdf", name="export_pdf", kwargs={"fmt": "pdf"})
@require_http_methods(["GET", "POST"])
def export(request: AuthedRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    trainee = transfer.trainee_for_export(request.user, request.GET.get("trainee") or None)
    try:
        date_from, date_to = _date(request, "from"), _date(request, "to")
    except ValueError:
        return HttpResponse("from and to must be dates (YYYY-MM-DD).", status=400)
    exported = transfer_export.export_cases(
        trainee=trainee, fmt=fmt, date_from=date_from, date_to=date_to
    )
    if not transfer.export_in_background(fmt, exported.cases):
        return download(exported)
    if request.method == "POST":
        job = jobs.start_export(
            actor=request.user, trainee=trainee, fmt=fmt, date_from=date_from, date_to=date_to
        )
        return redirect("jobs:detail", job_id=job.pk)
    offer = JobOffer(
        heading=f"Export {exported.cases:,} cases as {fmt.upper()}",
        reason=(
            f"A {fmt.upper()} file of more than {settings.JOB_EXPORT_CASES:,} cases is written "
            "in the background, with a progress bar, and offered for download when it is ready."
        ),
        button=f"Write the {fmt.upper()} file",
        action=request.get_full_path(),
    )
    return render(request, "caselog/export_start.html", {"job_start": offer})


def download(exported: transfer_export.ExportFile) -> StreamingHttpResponse:
    return attachment(exported.chunks(), exported.content_type, exported.filename)
