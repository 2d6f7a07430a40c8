"""Thin views for the program directory: parse input, call selectors and services, render."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from seldinger.accounts.requests import AuthedRequest
from seldinger.programs import csvio, jobs, scoring, selectors, services
from seldinger.programs.forms import (
    PROFILE_GROUPS,
    WEIGHT_FIELDS,
    DirectoryForm,
    ImportForm,
    ProgramProfileForm,
    ScoreForm,
)
from seldinger.programs.models import Program
from seldinger.programs.selectors import DirectoryQueryError, ScoredProgram
from seldinger.tabular import FileError
from seldinger.tabular_limits import import_limits
from seldinger.web.pages import attachment, partial_or_page
from seldinger.web.routes import Routes

routes = Routes()


PER_PAGE = 25
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _with_weights(request: HttpRequest) -> QueryDict:
    """The query string, with the saved (or default) weights where it names none."""
    data = request.GET.copy()
    if any(name in data for name in WEIGHT_FIELDS):
        return data
    preference = selectors.scoring_preference_of(request.user)
    if preference is not None:
        initial = ScoreForm.initial_from(preference.weights, preference.preferred_states)
    else:
        initial = ScoreForm.initial_from(scoring.DEFAULT_WEIGHTS, "")
    for name, value in initial.items():
        if name not in data:
            data[name] = str(value)
    return data


def _score_params(score_form: ScoreForm) -> list[tuple[str, str]]:
    """The applied weights as query parameters, to carry them to the comparison and back."""
    if not score_form.is_valid():
        return []
    data = score_form.cleaned_data
    params = [(name, str(data[name])) for name in WEIGHT_FIELDS if data.get(name) is not None]
    if data.get("states"):
        params.append(("states", ",".join(data["states"])))
    if data.get("score"):
        params.append(("score", "on"))
    return params


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _chart(scored: list[ScoredProgram]) -> dict[str, Any]:
    """Stacked bars: each criterion's contribution to each program's score."""
    return {
        "labels": [item.program.name for item in scored],
        "datasets": [
            {
                "label": scoring.CRITERION_LABELS[criterion],
                "data": [round(item.result.breakdown[index].contribution, 1) for item in scored],
            }
            for index, criterion in enumerate(scoring.CRITERIA)
        ],
    }


@routes.page("", name="directory", public=True)
def directory(request: HtmxHttpRequest) -> HttpResponse:
    data = _with_weights(request)
    form = DirectoryForm(data)
    score_form = ScoreForm(data)
    context: dict[str, Any] = {
        "form": form,
        "score_form": score_form,
        "weight_fields": [score_form[name] for name in WEIGHT_FIELDS],
        "max_compare": selectors.MAX_COMPARE,
    }
    status = 200
    if form.is_valid():
        try:
            programs = selectors.search_programs(form.filters())
        except DirectoryQueryError as error:
            form.add_error(error.field, error.message)
            programs = Program.objects.none()
        scoring_on = score_form.is_valid() and score_form.cleaned_data.get("score")
        if scoring_on:
            scored = selectors.score_programs(
                programs,
                weights=score_form.weights(),
                preferred_states=score_form.preferred_states(),
            )
            rows: list[tuple[Program, scoring.ProgramScore | None]] = [
                (item.program, item.result) for item in scored
            ]
            page: Any = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        else:
            # Unscored, the database pages the directory: one page of programs is read.
            page = Paginator(programs, PER_PAGE).get_page(request.GET.get("page"))
            page.object_list = [(program, None) for program in page.object_list]
        context.update(
            page=page,
            total=page.paginator.count,
            scoring_on=bool(scoring_on),
            filters_active=form.filters().active(),
            score_params=_score_params(score_form),
            page_query=_without_page(request),
        )
        if scoring_on:
            on_page = [ScoredProgram(program, result) for program, result in page if result]
            context["chart"] = _chart(on_page)
            context["scale"] = selectors.directory_scale()
    if form.errors or score_form.errors:
        status = 400
    template = partial_or_page(request, "programs/_results.html", "programs/directory.html")
    return render(request, template, context, status=status)


@routes.page("compare/", name="compare", public=True)
def compare(request: HttpRequest) -> HttpResponse:
    ids = selectors.parse_ids(request.GET.getlist("ids"))
    score_form = ScoreForm(request.GET)
    context: dict[str, Any] = {"max_compare": selectors.MAX_COMPARE, "ids": ids}
    try:
        programs = selectors.compare_programs(ids)
    except DirectoryQueryError as error:
        if error.status == 404:
            raise Http404(error.message) from None
        chosen = {p.acgme_id: p for p in Program.objects.filter(acgme_id__in=ids)}
        context.update(error=error.message, chosen=[chosen[i] for i in ids if i in chosen])
        context["score_params"] = _score_params(score_form)
        return render(request, "programs/compare.html", context, status=400)
    scores: dict[str, scoring.ProgramScore] = {}
    if score_form.is_valid() and score_form.cleaned_data.get("score"):
        scored = selectors.score_programs(
            programs,
            weights=score_form.weights(),
            preferred_states=score_form.preferred_states(),
        )
        scores = {item.program.acgme_id: item.result for item in scored}
    context.update(
        programs=programs,
        columns=[(program, scores.get(program.acgme_id)) for program in programs],
        scoring_on=bool(scores),
        criteria=[scoring.CRITERION_LABELS[c] for c in scoring.CRITERIA],
        score_params=_score_params(score_form),
        mix_chart={
            "labels": [program.name for program in programs],
            "datasets": [
                {"label": label, "data": [dict(p.procedure_mix)[label] for p in programs]}
                for label, _ in programs[0].procedure_mix
            ],
        },
    )
    return render(request, "programs/compare.html", context)


@routes.page("weights/", name="save_weights")
@require_POST
def save_weights(request: AuthedRequest) -> HttpResponse:
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Weights not saved: "
            + "; ".join(" ".join(str(e) for e in errors) for errors in form.errors.values()),
        )
        return redirect("programs:directory")
    try:
        services.save_scoring_preference(
            user=request.user, weights=form.weights(), preferred_states=form.preferred_states()
        )
    except scoring.ScoringError as error:
        messages.error(request, f"Weights not saved: {error.message}")
        return redirect("programs:directory")
    messages.success(request, "Your weights are saved; the directory will use them next time.")
    query = urlencode(_score_params(form))
    return redirect(reverse("programs:directory") + (f"?{query}" if query else ""))


@routes.page("export.csv", name="export", public=True)
def export(request: HttpRequest) -> HttpResponse:
    """The directory (filtered like the page, if filters are given) as CSV, for anyone."""
    form = DirectoryForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(
                f"{name}: {' '.join(str(e) for e in errors)}"
                for name, errors in form.errors.items()
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        programs = selectors.search_programs(form.filters())
    except DirectoryQueryError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return attachment(
        csvio.export_csv(programs),
        "text/csv; charset=utf-8",
        f"programs-{timezone.localdate():%Y-%m-%d}.csv",
    )


@routes.page("import/", name="import")
def import_programs(request: AuthedRequest) -> HttpResponse:
    if not selectors.may_import(request.user):
        raise PermissionDenied(selectors.IMPORT_REFUSED)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "columns": csvio.COLUMNS}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name or "programs.csv"
        dry_run = form.cleaned_data["dry_run"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", "The file is larger than 5 MB.")
        else:
            content = upload.read()
            try:
                # A dry run saves nothing and stays here; a long import goes to a job.
                if not dry_run and jobs.in_background(
                    csvio.scan(content, name=name, limits=import_limits())
                ):
                    job = jobs.start_import(actor=request.user, content=content, name=name)
                    return redirect("jobs:detail", job_id=job.pk)
                report = services.import_programs(
                    actor=request.user, content=content, dry_run=dry_run
                )
            except FileError as error:
                form.add_error("file", error.located(name))
            else:
                context.update(report=report, file_name=name, errors=report.error_lines(name))
                if report.errors:
                    status = 400
    if form.is_bound and form.errors:
        status = 400
    return render(request, "programs/import.html", context, status=status)


# A program's own pages come last: `<str:acgme_id>/` would take the fixed addresses above.


@routes.page("<str:acgme_id>/", name="detail", public=True)
def detail(request: HttpRequest, acgme_id: str) -> HttpResponse:
    program = selectors.get_program(acgme_id)
    return render(
        request,
        "programs/detail.html",
        {"program": program, "can_edit": selectors.can_edit(request.user, program)},
    )


@routes.page("<str:acgme_id>/edit/", name="edit")
def edit(request: AuthedRequest, acgme_id: str) -> HttpResponse:
    program = selectors.editable_program(request.user, acgme_id)
    form = ProgramProfileForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=request.user, program=program, changes=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Profile saved.")
            return redirect("programs:detail", acgme_id=acgme_id)
    groups = [
        (title, [form[name] for name in names if name in form.fields])
        for title, names in PROFILE_GROUPS
    ]
    status = 400 if form.is_bound and form.errors else 200
    program.refresh_from_db()
    return render(
        request,
        "programs/edit.html",
        {"program": program, "form": form, "groups": groups},
        status=status,
    )
