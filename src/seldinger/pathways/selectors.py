"""Reads: plans computed from the rules, and saved plans a user may see."""

import datetime as dt

from django.db.models import QuerySet

from seldinger.accounts.models import User
from seldinger.lookups import one_or_404, owned_by
from seldinger.pathways.models import SavedPlan
from seldinger.pathways.planner import Plan, pathway_keys, plans_for
from seldinger.pathways.readiness import ChecklistItem, readiness_checklist
from seldinger.rules import default_parameters


def compute_plans(*, stage: str, stage_start: dt.date, pathway: str) -> list[Plan]:
    """One plan, or every current pathway's plan when ``pathway`` is ``all``."""
    return plans_for(
        stage=stage, stage_start=stage_start, pathway=pathway, rules=default_parameters()
    )


def checklist(*, stage: str, on: dt.date) -> list[ChecklistItem]:
    return readiness_checklist(stage=stage, on=on, rules=default_parameters())


def pathway_choices(*, on: dt.date, current_only: bool = True) -> list[tuple[str, str]]:
    """(key, name) of the pathways open now (or every pathway), for forms and the API."""
    rules = default_parameters()
    return [
        (key, rules[f"pathways/{key}"].name or key)
        for key in pathway_keys(rules, on=on, current_only=current_only)
    ]


def plans_of(user: User) -> QuerySet[SavedPlan]:
    """A user's own saved plans; nobody sees another person's plans."""
    return owned_by(SavedPlan, user)


def get_plan(user: User, plan_id: int) -> SavedPlan:
    """The user's own plan, or Http404 (the same answer whether it exists or not)."""
    return one_or_404(plans_of(user), "No such saved plan.", pk=plan_id)
