"""Demo data for the planner: the student's saved plan and each resident's training record."""

import datetime as dt

from seldinger.accounts.models import User
from seldinger.pathways.models import TrainingRecord
from seldinger.pathways.selectors import plans_of
from seldinger.pathways.services import save_plan
from seldinger.pathways.training import set_training

# username -> (pathway, stage, the date it started): R1 of a DR program with ESIR is PGY-2;
# IR year 1 of an independent residency is PGY-6.
DEMO_TRAINING = {
    "resident": ("independent-ir-esir", "pgy2", dt.date(2024, 7, 1)),
    "resident2": ("independent-ir", "pgy6", dt.date(2025, 7, 1)),
}


def load_demo_plan(student: User) -> bool:
    """Give the student a saved plan, once; says whether it made one."""
    if plans_of(student).exists():
        return False
    save_plan(
        owner=student,
        stage="ms1",
        stage_start=dt.date(2026, 8, 1),
        pathway="integrated-ir",
        title="My IR plan",
    )
    return True


def load_demo_training(users: dict[str, User]) -> None:
    """Each demo resident's one training record, once."""
    for username, (pathway, stage, start) in DEMO_TRAINING.items():
        trainee = users[username]
        if not TrainingRecord.objects.filter(user=trainee).exists():
            set_training(
                actor=trainee, trainee=trainee, pathway=pathway, stage=stage, stage_start=start
            )
