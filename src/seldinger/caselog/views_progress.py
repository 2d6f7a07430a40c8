"""Progress pages: the trainee's dashboard, the director's cohort, the program's requirements.

Thin: the figures come from ``selectors_progress`` (the same functions the API
and ``seldinger progress`` call) and changes go through ``progress_service``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.caselog import selectors_dose
from seldinger.caselog import selectors_progress as selectors
from seldinger.caselog.dose_indices import INDEX_NAMES
from seldinger.caselog.models import CaseEntry, CaseRequirement, CaseRole
from seldinger.caselog.progress import (
    DAYS_PER_MONTH,
    MET,
    NO_GRADUATION_DATE,
    ON_TRACK,
    SHORTFALL,
    SKILL_LEVELS,
    UNKNOWN_SKILL,
    RequirementProgress,
    month_key,
    month_range,
)
from seldinger.caselog.progress_service import (
    RequirementError,
    create_requirement,
    delete_requirement,
    update_requirement,
)
from seldinger.caselog.selectors import catalogue
from seldinger.errors import Invalid
from seldinger.programs.models import Program
from seldinger.reporting import Period, academic_year, period_from
from seldinger.web.pages import done, render_form, submitted, values
from seldinger.web.routes import Routes
from seldinger.web.templatetags.links import text_url

routes = Routes()


STATUS_LABELS = {
    MET: "Met",
    ON_TRACK: "On track",
    SHORTFALL: "Shortfall",
    NO_GRADUATION_DATE: "No graduation date",
}


def _as_of(request: HttpRequest) -> dt.date:
    """``?as_of=YYYY-MM-DD`` (to look back), else today."""
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _status_label(requirement: RequirementProgress) -> str:
    if requirement.status == SHORTFALL:
        return f"Shortfall of {requirement.shortfall}"
    return STATUS_LABELS[requirement.status]


def _headline(requirements: tuple[RequirementProgress, ...]) -> RequirementProgress | None:
    """The requirement the cumulative chart plots: ESIR, else the largest all-category one."""
    if not requirements:
        return None
    for requirement in requirements:
        if requirement.source == selectors.ESIR_SET:
            return requirement
    return max(requirements, key=lambda r: (r.category is None, r.required))


def _most_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _chart_data(result: selectors.TraineeProgress) -> dict[str, Any]:
    progress, record = result.progress, result.record
    as_of_month = month_key(progress.as_of)
    months = list(progress.months)
    if record.graduation and record.graduation > progress.as_of:
        # Up to graduation: the target and the projection go on past today.
        months += month_range(progress.as_of, record.graduation)[1:]

    def cumulative(series: tuple[int, ...]) -> list[int | None]:
        values: list[int | None] = []
        running = 0
        for count in series:
            running += count
            values.append(running)
        return values + [None] * (len(months) - len(values))

    data: dict[str, Any] = {
        "months": months,
        "as_of_month": as_of_month,
        "total": cumulative(progress.monthly_total),
        "headline": None,
    }
    headline = _headline(progress.requirements)
    if headline is not None:
        start, graduation = record.start, record.graduation
        target: list[float | None] = []
        for month in months:
            if start and graduation and graduation > start:
                year, number = (int(part) for part in month.split("-"))
                month_end = (dt.date(year + number // 12, number % 12 + 1, 1)) - dt.timedelta(1)
                share = (min(month_end, graduation) - start).days / (graduation - start).days
                target.append(round(headline.required * max(0.0, share), 1))
            else:
                target.append(headline.required)
        projection: list[int | None] = [None] * len(months)
        if headline.projected_at_graduation is not None and as_of_month in months:
            first = months.index(as_of_month)
            steps = len(months) - 1 - first
            for offset in range(steps + 1):
                gain = headline.projected_at_graduation - headline.done
                projection[first + offset] = headline.done + (
                    gain * offset // steps if steps else 0
                )
        data["headline"] = {
            "key": headline.key,
            "name": headline.name,
            "required": headline.required,
            "done": cumulative(progress.monthly_by_requirement[headline.key]),
            "target": target,
            "projection": projection,
        }
    names = catalogue().categories
    ordered = _most_first(progress.by_category)
    data["categories"] = {
        "labels": [names[key].name if key in names else key for key, _ in ordered],
        "values": [count for _, count in ordered],
    }
    data["skill"] = {
        "months": list(progress.months),
        "levels": [*SKILL_LEVELS, UNKNOWN_SKILL],
        "series": {
            level: [mix.counts.get(level, 0) for mix in progress.skill_mix]
            for level in (*SKILL_LEVELS, UNKNOWN_SKILL)
        },
    }
    data["dose"] = {
        "months": [row["month"] for row in result.dose_by_month],
        "fluoro_minutes": [round(row["fluoro_minutes"], 1) for row in result.dose_by_month],
        "dap_gycm2": [round(row["dap_gycm2"], 1) for row in result.dose_by_month],
    }
    return data


def _dashboard(request: HttpRequest, trainee: User) -> HttpResponse:
    as_of = _as_of(request)
    result = selectors.dashboard(trainee, as_of=as_of)
    progress, record = result.progress, result.record
    names = catalogue().categories
    rows = [
        {
            "requirement": requirement,
            "status_label": _status_label(requirement),
            "category_name": (
                names[requirement.category].name
                if requirement.category in names
                else requirement.category or "Every category"
            ),
            "roles": ", ".join(role for role in CaseRole.values if role in requirement.roles),
            "source_label": "ESIR"
            if requirement.source == selectors.ESIR_SET
            else "Program minimum",
        }
        for requirement in progress.requirements
    ]
    context = {
        "trainee": trainee,
        "own": trainee.pk == request.user.pk,
        "as_of": as_of,
        "today": as_of == timezone.localdate(),
        "record": record,
        "progress": progress,
        "rows": rows,
        "summary": result.as_dict(),
        "chart_data": _chart_data(result),
        "categories": [
            {"key": key, "name": names[key].name if key in names else key, "count": count}
            for key, count in _most_first(progress.by_category)
        ],
        "verified": result.by_status.get(CaseEntry.Status.VERIFIED, 0),
        "pending": result.by_status.get(CaseEntry.Status.PENDING, 0),
        "returned": result.by_status.get(CaseEntry.Status.RETURNED, 0),
        "skill_levels": [*SKILL_LEVELS, UNKNOWN_SKILL],
        "skill_totals": progress.skill_totals,
        "recent_mix": [mix for mix in progress.skill_mix if mix.total][-12:],
        "dose_rows": result.dose_by_month[-12:],
        "window_months": round(progress.pace_window_days / DAYS_PER_MONTH, 1),
        "is_trainee": record.membership is not None,
        "dose": selectors_dose.trainee_dose(trainee.pk, record.program, as_of=as_of),
        "follow_up": selectors_dose.FOLLOW_UP,
    }
    return render(request, "caselog/dashboard.html", context)


@routes.page("progress/", name="progress")
def my_progress(request: AuthedRequest) -> HttpResponse:
    return _dashboard(request, request.user)


@routes.page("progress/<str:username>/", name="progress_of")
def progress_of(request: AuthedRequest, username: str) -> HttpResponse:
    return _dashboard(request, selectors.viewable_trainee(request.user, username))


#: The flag cell of a resident who is behind, has no projection, or is on track.
_FLAGS = {
    "behind": '<span class="flag-behind">⚠ Behind</span>',
    "no projection": "<span>No projection (no graduation date)</span>",
    "on track": '<span class="flag-ok">On track</span>',
}


def _flag(row: selectors.CohortRow) -> str:
    if row.behind:
        return "behind"
    if any(r.status == NO_GRADUATION_DATE for r in row.progress.requirements):
        return "no projection"
    return "on track"


def _cohort_cell(requirement: RequirementProgress | None) -> str:
    """One requirement of one resident, as its table cell (its note is words and numbers)."""
    if requirement is None:
        return "<td>—</td>"
    status = requirement.status
    if status == SHORTFALL:
        note = f"projected {requirement.projected_at_graduation}: short by {requirement.shortfall}"
    elif status == ON_TRACK:
        note = f"on track ({requirement.projected_at_graduation})"
    else:
        note = _NOTES[status]
    shortfall = ' class="cell-shortfall"' if requirement.behind else ""
    return (
        f'<td data-requirement="{html.escape(requirement.key)}"{shortfall}>{requirement.done} / '
        f"{requirement.required}<br><small>{note}</small></td>"
    )


_NOTES = {MET: "met", NO_GRADUATION_DATE: "no graduation date"}


def _cohort_row(
    row: selectors.CohortRow,
    columns: Iterable[str],
    *,
    progress_url: Callable[[str], str],
    log_url: Callable[[str], str],
    program: bool,
) -> SafeString:
    """One resident's row of the cohort table, written here: its cells (40 residents by
    a dozen requirements) cost more as template nodes than the rest of the page.

    ``progress_url``: a username's progress page; ``log_url``: their procedure log PDF of
    the reports' period; ``program``: whether the program has a column."""
    username = row.trainee.get_username()
    behind = row.behind
    found = {requirement.key: requirement for requirement in row.progress.requirements}
    graduation = row.record.graduation
    shown_program = row.record.program.name if row.record.program else "—"
    cells = "".join(f"\n      {_cohort_cell(found.get(key))}" for key in columns)
    flagged = ' class="behind"' if behind else ""
    return mark_safe(
        f'<tr data-trainee="{html.escape(username)}" data-behind="{"true" if behind else "false"}"'
        f"{flagged}>\n"
        f'      <th scope="row"><a href="{html.escape(progress_url(username))}">'
        f"{html.escape(row.trainee.get_full_name() or username)}</a>"
        f"{' <small>(ESIR)</small>' if row.record.esir else ''}"
        f'<br><small><a class="log-pdf" href="{html.escape(log_url(username))}" '
        f'aria-label="Procedure log PDF of {html.escape(row.trainee.get_full_name() or username)}"'
        f">Log PDF</a></small></th>\n"
        f'      <td class="flag">{_FLAGS[_flag(row)]}</td>\n'
        + (f"      <td>{html.escape(shown_program)}</td>\n" if program else "")
        + "      <td>"
        + (f"{graduation:%b} {graduation.day}, {graduation.year}" if graduation else "not recorded")
        + "</td>\n"
        f'      <td class="total">{row.progress.total_cases}</td>{cells}\n'
        "    </tr>"
    )


def _report_period(request: HttpRequest) -> tuple[Period, str]:
    """The reports' period (``?from=&to=``, the academic year by default), and why the one
    asked for was refused."""
    today = timezone.localdate()
    try:
        return period_from(request.GET.get("from"), request.GET.get("to"), today=today), ""
    except Invalid as error:
        return academic_year(today), error.message


@routes.page("cohort/", name="cohort")
def cohort(request: AuthedRequest) -> HttpResponse:
    # One query for the programs shown, which also says whether the viewer may see them
    # and whether they direct one (to manage its requirements).
    programs = selectors.cohort_programs(request.user)
    listed = list(selectors.with_directed(programs, request.user))
    if not listed and not selectors.may_see_cohort(request.user):
        raise PermissionDenied("The cohort is for program directors and coordinators.")
    as_of = _as_of(request)
    rows = selectors.cohort(request.user, as_of=as_of, programs=listed)
    columns: dict[str, str] = {}
    for row in rows:
        for requirement in row.progress.requirements:
            columns.setdefault(requirement.key, requirement.name)
    progress_url = text_url("caselog:progress_of")
    period, period_error = _report_period(request)
    export_pdf = reverse("caselog:export_pdf")
    dates = f"&from={period.start.isoformat()}&to={period.end.isoformat()}"

    def log_url(username: str) -> str:
        return f"{export_pdf}?{urlencode({'trainee': username})}{dates}"

    several_programs = len(listed) > 1
    dose = selectors_dose.cohort_dose(
        {row.trainee.pk: row.record.program.pk if row.record.program else None for row in rows},
        as_of=as_of,
    )
    directs = any(program.directed for program in listed)  # type: ignore[attr-defined]  # annotated
    return render(
        request,
        "caselog/cohort.html",
        {
            "several_programs": several_programs,
            "directs": directs,
            "as_of": as_of,
            "today": as_of == timezone.localdate(),
            "rows": [
                _cohort_row(
                    row,
                    columns,
                    progress_url=progress_url,
                    log_url=log_url,
                    program=several_programs,
                )
                for row in rows
            ],
            "columns": list(columns.values()),
            "behind": sum(row.behind for row in rows),
            "programs": listed,
            "report_period": period,
            "report_period_error": period_error,
            "dose_rows": _cohort_dose_rows(rows, dose),
            "flagged": _cohort_flagged(rows, dose),
            "follow_up": selectors_dose.FOLLOW_UP,
        },
    )


def _cohort_dose_rows(
    rows: list[selectors.CohortRow], dose: selectors_dose.CohortDose
) -> list[dict[str, Any]]:
    """Each trainee with a dose: their medians beside their program's."""
    found = []
    for row in rows:
        medians = dose.medians.get(row.trainee.pk)
        if medians is None:
            continue
        program = row.record.program
        ours = dose.program_medians.get(program.pk, {}) if program else {}
        found.append(
            {
                "name": row.trainee.get_full_name() or row.trainee.username,
                "indices": [(medians[name], ours.get(name)) for name in INDEX_NAMES],
            }
        )
    return found


def _cohort_flagged(
    rows: list[selectors.CohortRow], dose: selectors_dose.CohortDose
) -> list[dict[str, Any]]:
    names = {row.trainee.pk: row.trainee.get_full_name() or row.trainee.username for row in rows}
    return [
        {
            "id": case.id,
            "performed_on": case.performed_on,
            "procedure_name": case.procedure_name,
            "flags": case.flags,
            "trainee_name": names.get(case.trainee_id, ""),
        }
        for case in dose.flagged
    ]


# -- the program's requirements ----------------------------------------------------------


class RequirementForm(forms.Form):
    #: What the services take (the program is chosen only when adding).
    SERVICE_FIELDS = ("name", "category_key", "roles", "minimum")

    program = forms.ModelChoiceField(queryset=Program.objects.none(), empty_label=None)
    name = forms.CharField(
        max_length=120,
        help_text="As your program calls it, e.g. “Embolization as primary operator”.",
    )
    category_key = forms.ChoiceField(
        label="Category", required=False, help_text="Leave “Every category” to count every case."
    )
    roles = forms.MultipleChoiceField(
        label="Roles that count",
        choices=CaseRole.choices,
        initial=[CaseRole.PRIMARY, CaseRole.ASSISTANT],
        widget=forms.CheckboxSelectMultiple,
    )
    minimum = forms.IntegerField(label="Minimum cases", min_value=1, max_value=100_000)

    def __init__(self, *args: Any, programs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programs is None:
            del self.fields["program"]
        else:
            program_field = self.fields["program"]
            assert isinstance(program_field, forms.ModelChoiceField)
            program_field.queryset = programs
        category_field = self.fields["category_key"]
        assert isinstance(category_field, forms.ChoiceField)
        category_field.choices = [("", "Every category")] + [
            (key, category.name) for key, category in catalogue().categories.items()
        ]


def _directed_programs(request: AuthedRequest) -> Any:
    programs = selectors.programs_directed_by(request.user)
    if not programs.exists():
        raise PermissionDenied("Only a program director can set the program's requirements.")
    return programs


@routes.page("requirements/", name="requirements")
def requirements(request: AuthedRequest) -> HttpResponse:
    programs = _directed_programs(request)
    form = RequirementForm(request.POST or None, programs=programs)
    if submitted(
        request,
        form,
        lambda: create_requirement(
            actor=request.user, **values(form, ["program", *RequirementForm.SERVICE_FIELDS])
        ),
    ):
        name = form.cleaned_data["name"].strip()
        return done(request, f"Requirement “{name}” added.", "caselog:requirements")
    names = catalogue().categories
    listed = [
        {
            "program": program,
            "requirements": [
                {
                    "requirement": requirement,
                    "category_name": names[requirement.category_key].name
                    if requirement.category_key in names
                    else requirement.category_key or "Every category",
                }
                for requirement in selectors.requirements_managed_by(request.user).filter(
                    program=program
                )
            ],
        }
        for program in programs
    ]
    context = {
        "form": form,
        "programs": listed,
        "esir_requirements": selectors.esir_set(timezone.localdate())[0],
    }
    return render_form(request, "caselog/requirements.html", context)


@routes.page("requirements/<int:requirement_id>/edit/", name="requirement_edit")
def requirement_edit(request: AuthedRequest, requirement_id: int) -> HttpResponse:
    requirement = selectors.get_managed_requirement(request.user, requirement_id)
    initial = {
        "name": requirement.name,
        "category_key": requirement.category_key,
        "roles": requirement.role_list,
        "minimum": requirement.minimum,
    }
    form = RequirementForm(request.POST or None, initial=initial)
    if submitted(
        request,
        form,
        lambda: update_requirement(
            actor=request.user,
            requirement=requirement,
            **values(form, RequirementForm.SERVICE_FIELDS),
        ),
    ):
        return done(request, f"Requirement “{requirement.name}” saved.", "caselog:requirements")
    context = {"form": form, "requirement": requirement}
    return render_form(request, "caselog/requirements_form.html", context)


@routes.page("requirements/<int:requirement_id>/delete/", name="requirement_delete")
def requirement_delete(request: AuthedRequest, requirement_id: int) -> HttpResponse:
    requirement: CaseRequirement = selectors.get_managed_requirement(request.user, requirement_id)
    if request.method == "POST":
        name = requirement.name
        try:
            delete_requirement(actor=request.user, requirement=requirement)
        except RequirementError as error:
            raise PermissionDenied(error.message) from None
        return done(request, f"Requirement “{name}” deleted.", "caselog:requirements")
    return render(request, "caselog/requirements_delete.html", {"requirement": requirement})
