"""Training records for the pathways tests: the same record and the same week off everywhere."""

import datetime as dt
from collections.abc import Callable

import pytest

from seldinger.accounts.models import User
from seldinger.pathways import training
from seldinger.pathways.models import TimeOff, TrainingRecord


@pytest.fixture
def enter_record(db: None) -> Callable[[User], TrainingRecord]:
    """Integrated IR, PGY-2 from 2025-07-01: PGY-1 started 2024-07-01, training ends 2030-06-30."""

    def enter(trainee: User) -> TrainingRecord:
        return training.set_training(
            actor=trainee,
            trainee=trainee,
            pathway="integrated-ir",
            stage="pgy2",
            stage_start=dt.date(2025, 7, 1),
        )

    return enter


@pytest.fixture
def week_of_vacation(db: None) -> Callable[[User], TimeOff]:
    """A trainee's week of vacation, 2025-08-04 to 2025-08-08, entered by the trainee."""

    def add(trainee: User) -> TimeOff:
        return training.add_time_off(
            actor=trainee,
            trainee=trainee,
            kind="vacation",
            start=dt.date(2025, 8, 4),
            end=dt.date(2025, 8, 8),
        )

    return add
