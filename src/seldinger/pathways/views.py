"""Thin views: validate input, call selectors and services, render."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from seldinger.accounts.requests import AuthedRequest
from seldinger.pathways import selectors, services, training
from seldinger.pathways.forms import PlanForm, SavePlanForm, TimeOffForm, TrainingForm
from seldinger.pathways.planner import ALL_PATHWAYS, Plan, PlanningError
from seldinger.pathways.timeline import timeline
from seldinger.web.pages import add_errors, done, partial_or_page, post_action
from seldinger.web.routes import Routes

routes = Routes()


def _results(form: PlanForm) -> dict[str, Any]:
    """Plans, chart data and checklist for a valid form; planner errors go onto the form."""
    data = form.cleaned_data
    try:
        plans = selectors.compute_plans(
            stage=data["stage"], stage_start=data["date"], pathway=data["pathway"]
        )
    except PlanningError as error:
        add_errors(form, error)
        return {}
    context = _plan_context(plans)
    if not data["stage"].startswith("pgy"):
        context["checklist"] = selectors.checklist(stage=data["stage"], on=data["date"])
    return context


def _plan_context(plans: list[Plan]) -> dict[str, Any]:
    return {
        "plans": plans,
        "comparison": [
            {
                "plan": plan,
                "core": plan.event("core-exam"),
                "independent_match": plan.event("independent-match-day"),
                "oral": plan.event("certifying-oral"),
                "eligibility_end": plan.event("board-eligibility-end"),
            }
            for plan in plans
        ],
        "timeline": timeline(plans),
        "checklist": [],
    }


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@routes.page("", name="planner", public=True)
def planner(request: HtmxHttpRequest) -> HttpResponse:
    # A link may preset only the pathway ("?pathway=all": compare them all); the form
    # then opens with it chosen, and the dates still to give.
    preset = request.GET.get("pathway") if set(request.GET) == {"pathway"} else None
    form = PlanForm(request.GET if request.GET and preset is None else None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        context.update(_results(form))
    elif not form.is_bound:
        # A trainee opening the planner sees their own dates first, from their training record.
        found = training.record_of(request.user)
        pathway = preset if form.offers_pathway(preset) else None
        if found is not None:
            context["form"] = PlanForm(
                initial={
                    "stage": found.stage,
                    "date": found.stage_start,
                    "pathway": pathway or found.pathway,
                }
            )
            if pathway == ALL_PATHWAYS:
                context["form"] = PlanForm(
                    {"stage": found.stage, "date": found.stage_start, "pathway": pathway}
                )
                context["form"].is_valid()
                context.update(_results(context["form"]))
            else:
                context.update(_plan_context([training.full_plan(found)]), my_training=True)
        elif pathway:
            context["form"] = PlanForm(initial={"pathway": pathway})
    template = partial_or_page(request, "pathways/_results.html", "pathways/planner.html")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


@routes.page("save/", name="save")
@require_POST
def save(request: AuthedRequest) -> HttpResponse:
    form = SavePlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_plan(
                owner=request.user,
                stage=data["stage"],
                stage_start=data["date"],
                pathway=data["pathway"],
                title=data["title"],
            )
        except PlanningError as error:
            messages.error(request, f"Not saved: {error.message}")
        else:
            return done(request, "Plan saved.", "pathways:saved_plans")
    else:
        messages.error(
            request,
            "Not saved: "
            + "; ".join(
                f"{field}: {' '.join(str(error) for error in errors)}"
                for field, errors in form.errors.items()
            ),
        )
    return redirect("pathways:planner")


@routes.page("mine/", name="saved_plans")
def saved_plans(request: AuthedRequest) -> HttpResponse:
    plans = selectors.plans_of(request.user)
    return render(request, "pathways/saved_plans.html", {"saved_plans": plans})


@routes.page("mine/<int:plan_id>/", name="saved_plan")
def saved_plan(request: AuthedRequest, plan_id: int) -> HttpResponse:
    saved = selectors.get_plan(request.user, plan_id)
    form = PlanForm(
        {"stage": saved.stage, "date": saved.stage_start.isoformat(), "pathway": saved.pathway}
    )
    context: dict[str, Any] = {"saved": saved, "form": form}
    if form.is_valid():
        context.update(_results(form))
    return render(request, "pathways/saved_plan.html", context)


@routes.page("mine/<int:plan_id>/delete/", name="delete")
@post_action("Plan deleted.", "pathways:saved_plans")
def delete(request: AuthedRequest, plan_id: int) -> None:
    saved = selectors.get_plan(request.user, plan_id)
    services.delete_plan(actor=request.user, plan=saved)


@routes.page("training/", name="my_training")
def my_training(request: AuthedRequest) -> HttpResponse:
    """The trainee's one training record: pathway, stage, time off, and the plan from it."""
    found = training.record_of(request.user)
    form = TrainingForm(
        request.POST if request.POST.get("action") == "training" else None,
        initial=found.as_record() if found else {},
    )
    time_off_form = TimeOffForm(request.POST if request.POST.get("action") == "time-off" else None)
    try:
        if form.is_valid():
            training.set_training(actor=request.user, trainee=request.user, **form.cleaned_data)
            return done(request, "Training record saved.", "pathways:my_training")
        if time_off_form.is_valid():
            training.add_time_off(
                actor=request.user, trainee=request.user, **time_off_form.cleaned_data
            )
            return done(request, "Time off recorded.", "pathways:my_training")
    except PlanningError as error:
        add_errors(form if form.is_bound else time_off_form, error)
    context: dict[str, Any] = {"record": found, "form": form, "time_off_form": time_off_form}
    if found is not None:
        context.update(_plan_context([training.full_plan(found)]))
    status = 400 if form.errors or time_off_form.errors else 200
    return render(request, "pathways/my_training.html", context, status=status)


@routes.page("training/time-off/<int:time_off_id>/delete/", name="delete_time_off")
@post_action("Time off removed.", "pathways:my_training")
def delete_time_off(request: AuthedRequest, time_off_id: int) -> None:
    training.delete_time_off(actor=request.user, trainee=request.user, time_off_id=time_off_id)
