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
from seldinger.caselog import importer, jobs, transfer, transfer_export, transfer_import
from seldinger.caselog.importer import ImportFileError
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
            self.rows = importer.scan(self.content, name=upload.name, limits=import_limits())
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
    entry, trainee, content = stored
    try:
        result = transfer_import.import_cases(
            trainee=trainee,
            actor=request.user,
            content=content,
            name=entry["name"],
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )
    except ImportFileError as error:
        _forget(request, token)
        messages.error(request, error.located(entry["name"]))
        return redirect("caselog:import")
    return result, trainee


@routes.page("import/<str:token>/", name="import_preview")
@require_GET
def preview(request: AuthedRequest, token: str) -> HttpResponse:
    imported = _import(request, token, dry_run=True)
    if isinstance(imported, HttpResponse):
        return imported
    result, trainee = imported
    return render(
        request,
        "caselog/transfer_preview.html",
        {
            "token": token,
            "report": result.report,
            "trainee": trainee,
            "own": trainee.pk == request.user.pk,
        },
    )


@routes.page("import/<str:token>/confirm/", name="import_confirm")
@require_POST
def confirm(request: AuthedRequest, token: str) -> HttpResponse:
    skip_invalid = request.POST.get("skip_invalid") == "1"
    stored = _stored(request, token)
    if stored is not None and transfer.in_background(stored[0].get("rows", 0)):
        entry, trainee, content = stored
        _forget(request, token)
        job = jobs.start_import(
            actor=request.user,
            trainee=trainee,
            content=content,
            name=entry["name"],
            skip_invalid=skip_invalid,
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
