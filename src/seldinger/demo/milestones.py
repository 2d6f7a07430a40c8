"""Demo data for milestones: an evaluator, two periods of evaluations, a self-assessment."""

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.milestones import milestones as core
from seldinger.milestones.models import Evaluation
from seldinger.milestones.selectors import milestone_set
from seldinger.milestones.services import assign_evaluator, save_evaluation, save_self_assessment


def load_demo_milestones(users: dict[str, User]) -> None:
    """Milestones: the demo faculty assigned to the demo resident; faculty and committee
    (director) evaluations for the two periods before the current one; the resident's
    self-assessment for the latest. Added once, while the resident has no evaluation.
    """
    resident, faculty, director = users["resident"], users["faculty"], users["director"]
    if Evaluation.objects.filter(resident=resident).exists():
        return
    assign_evaluator(actor=director, resident=resident, evaluator=faculty)
    keys = milestone_set().subcompetency_keys()
    latest = core.period_of(timezone.localdate()).previous()
    for step, period in enumerate((latest.previous(), latest)):
        # Synthetic levels between 1.5 and 4, half a level higher in the later period.
        base = {key: 1.5 + 0.5 * ((index * 7) % 4) + 0.5 * step for index, key in enumerate(keys)}
        for actor, shift in ((faculty, 0.0), (director, -0.5)):
            save_evaluation(
                actor=actor,
                resident=resident,
                period=period,
                ratings={key: max(1.0, level + shift) for key, level in base.items()},
                comment="Synthetic demo evaluation.",
                submit=True,
            )
        if period == latest:
            save_self_assessment(
                resident=resident,
                period=period,
                ratings={key: min(5.0, level + 0.5) for key, level in base.items()},
                comment="Synthetic demo self-assessment.",
                submit=True,
            )
