"""Thin views: the milestones home, a resident's chart and table, the rating forms,
one evaluation, and the director's evaluator assignments."""

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from seldinger.accounts.requests import AuthedRequest
from seldinger.milestones import milestones as core
from seldinger.milestones import selectors, services
from seldinger.milestones.forms import AssignmentForm, RatingSheetForm, initial_for
from seldinger.milestones.models import Evaluation, SelfAssessment
from seldinger.web.pages import done, post_action, render_form, submitted
from seldinger.web.routes import Routes

routes = Routes()


def _requested_period(request: HttpRequest) -> core.Period:
    today = timezone.localdate()
    try:
        period = core.parse_period(request.GET.get("period", ""))
    except ValueError:
        return core.period_of(today)
    return period if period in core.recent_periods(today, 8) else core.period_of(today)


@routes.page("", name="index")
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "is_trainee": selectors.is_trainee(user),
        "residents": selectors.rateable_residents(user),
        "leads": selectors.programs_led(user).exists(),
        "milestones": selectors.milestone_set(),
    }
    return render(request, "milestones/index.html", context)


def _rows(
    milestones: core.MilestoneSet, summary: core.ResidentSummary
) -> list[tuple[core.Competency, list[core.SubcompetencySummary]]]:
    return [
        (
            competency,
            [row for row in summary.rows if row.subcompetency.competency.key == competency.key],
        )
        for competency in milestones.competencies
    ]


@routes.page("residents/<int:resident_id>/", name="resident")
def resident(request: AuthedRequest, resident_id: int) -> HttpResponse:
    user = request.user
    person = selectors.get_resident(user, resident_id)
    milestones = selectors.milestone_set()
    summary = selectors.resident_summary(user, person, milestones)
    context = {
        "person": person,
        "is_own": person.pk == user.pk,
        "rating_role": selectors.rating_role(user, person),
        "milestones": milestones,
        "summary": summary,
        "groups": _rows(milestones, summary),
        "chart": core.chart_data(milestones, summary),
        "evaluations": selectors.evaluations_visible_to(user).filter(resident=person),
        "self_assessments": selectors.self_assessments_visible_to(user).filter(resident=person),
    }
    return render(request, "milestones/resident.html", context)


def _rating_page(
    request: HttpRequest,
    *,
    title: str,
    existing: Evaluation | SelfAssessment | None,
    period: core.Period,
    save: Any,
    done_url: str,
) -> HttpResponse:
    milestones = selectors.milestone_set()
    today = timezone.localdate()
    initial = (
        initial_for(existing.ratings, existing.comment, period)
        if existing
        else {"period": period.key}
    )
    form = RatingSheetForm(
        request.POST or None, initial=initial, milestones=milestones, today=today
    )
    submit = request.POST.get("action") == "submit"
    if submitted(
        request,
        form,
        lambda: save(
            period=form.cleaned_data["period"],
            ratings=form.ratings(),
            comment=form.cleaned_data["comment"],
            submit=submit,
        ),
    ):
        return done(request, "Submitted." if submit else "Draft saved.", done_url)
    context = {
        "title": title,
        "form": form,
        "existing": existing,
        "period": period,
        "periods": core.recent_periods(today, 8),
        "milestones": milestones,
        "level_meanings": sorted(milestones.level_descriptions.items()),
        "done_url": done_url,
    }
    return render_form(request, "milestones/rating_form.html", context)


@routes.page("residents/<int:resident_id>/evaluate/", name="evaluate")
def evaluate(request: AuthedRequest, resident_id: int) -> HttpResponse:
    user = request.user
    person = selectors.get_resident(user, resident_id)
    role = selectors.rating_role(user, person)
    if role is None:
        raise PermissionDenied("You are not assigned to evaluate this resident.")
    period = _requested_period(request)
    if request.method == "POST":
        with contextlib.suppress(ValueError):
            period = core.parse_period(request.POST.get("period", ""))
    existing = selectors.own_evaluation(user, person, period)

    def save(**values: Any) -> None:
        services.save_evaluation(actor=user, resident=person, **values)

    kind = "Clinical competency committee" if role[0] == Evaluation.Kind.CCC else "Faculty"
    name = person.get_full_name() or person.username
    return _rating_page(
        request,
        title=f"{kind} evaluation of {name}",
        existing=existing,
        period=period,
        save=save,
        done_url=reverse("milestones:resident", args=[person.pk]),
    )


@routes.page("self-assessment/", name="self_assessment")
def self_assessment(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not selectors.is_trainee(user):
        raise PermissionDenied("Only residents and fellows write milestone self-assessments.")
    period = _requested_period(request)
    if request.method == "POST":
        with contextlib.suppress(ValueError):
            period = core.parse_period(request.POST.get("period", ""))

    def save(**values: Any) -> None:
        services.save_self_assessment(resident=user, **values)

    return _rating_page(
        request,
        title="My milestone self-assessment",
        existing=selectors.own_self_assessment(user, period),
        period=period,
        save=save,
        done_url=reverse("milestones:resident", args=[user.pk]),
    )


def _sheet_context(sheet: Evaluation | SelfAssessment) -> dict[str, Any]:
    milestones = selectors.milestone_set()
    shown = services.describe(sheet.ratings)
    levels = core.load_stored(sheet.ratings)
    return {
        "sheet": sheet,
        "groups": [
            (
                competency,
                [
                    (
                        item,
                        shown.get(item.key, "—"),
                        milestones.meaning(levels[item.key], item) if item.key in levels else "",
                    )
                    for item in milestones.of_competency(competency.key)
                ],
            )
            for competency in milestones.competencies
        ],
        "milestones": milestones,
    }


@routes.page("evaluations/<int:evaluation_id>/", name="evaluation")
def evaluation_detail(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    evaluation = selectors.get_evaluation(request.user, evaluation_id)
    context = {**_sheet_context(evaluation), "title": str(evaluation), "evaluation": evaluation}
    return render(request, "milestones/sheet.html", context)


@routes.page("self-assessments/<int:assessment_id>/", name="self_assessment_detail")
def self_assessment_detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.get_self_assessment(request.user, assessment_id)
    context = {**_sheet_context(assessment), "title": str(assessment), "evaluation": None}
    return render(request, "milestones/sheet.html", context)


@routes.page("assignments/", name="assignments")
def assignments(request: AuthedRequest) -> HttpResponse:
    user = request.user
    programs = selectors.programs_led(user)
    if not programs.exists():
        raise PermissionDenied("Only a program's director or coordinator assigns evaluators.")
    residents = selectors.residents_led(user)
    evaluators = selectors.faculty_of_programs(programs)
    form = AssignmentForm(request.POST or None, residents=residents, evaluators=evaluators)
    if submitted(request, form, lambda: services.assign_evaluator(actor=user, **form.cleaned_data)):
        return done(request, "Evaluator assigned.", "milestones:assignments")
    context = {"form": form, "assignments": selectors.assignments_managed_by(user)}
    return render_form(request, "milestones/assignments.html", context)


@routes.page("assignments/<int:assignment_id>/remove/", name="remove_assignment")
@post_action("Assignment removed.", "milestones:assignments")
def remove_assignment(request: AuthedRequest, assignment_id: int) -> None:
    user = request.user
    assignment = selectors.get_managed_assignment(user, assignment_id)
    services.remove_assignment(actor=user, assignment=assignment)
