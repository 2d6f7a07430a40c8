"""Writes for saved plans: validated by the planner, audited."""

import datetime as dt

from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.services import audited_create, audited_delete
from seldinger.pathways.models import SavedPlan
from seldinger.pathways.selectors import compute_plans


@transaction.atomic
def save_plan(
    *, owner: User, stage: str, stage_start: dt.date, pathway: str, title: str = ""
) -> SavedPlan:
    """Save planner input for ``owner``; raises PlanningError for input that cannot be planned."""
    compute_plans(stage=stage, stage_start=stage_start, pathway=pathway)
    plan = SavedPlan(
        owner=owner, stage=stage, stage_start=stage_start, pathway=pathway, title=title.strip()
    )
    return audited_create(actor=owner, instance=plan)


@transaction.atomic
def delete_plan(*, actor: User, plan: SavedPlan) -> None:
    audited_delete(actor=actor, instance=plan)
