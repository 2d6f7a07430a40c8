import datetime as dt

import pytest

from seldinger.milestones.selectors import milestone_set
from seldinger.milestones.services import assign_evaluator

TODAY = dt.date(2026, 3, 2)
#: The period before TODAY's: July-December 2025.
PERIOD = "2025-1"


@pytest.fixture
def full_sheet():
    """All 31 subcompetencies at level 3, PC5 at 2.5 and ICS3 not yet assessable."""
    sheet = {key: 3 for key in milestone_set(TODAY).subcompetency_keys()}
    sheet.update(pc5=2.5, ics3="not yet assessable")
    return sheet


@pytest.fixture
def assigned(today, director, faculty, resident):
    return assign_evaluator(actor=director, resident=resident, evaluator=faculty)
