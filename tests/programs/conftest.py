"""A small directory of programs for the directory tests, plus a second program's director."""

from collections.abc import Callable

import pytest

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role, User
from seldinger.programs.models import Program

Kind = Program.Kind


@pytest.fixture
def directory(make_program: Callable[..., Program]) -> dict[str, Program]:
    """Five programs of every kind with different profiles (by short name)."""
    return {
        "alpha": make_program(
            "T-ALPHA",
            name="Alpha Integrated IR",
            kind=Kind.INTEGRATED_IR,
            institution="Alpha University Hospital",
            city="Alphaville",
            state="MN",
            accreditation_status=Program.Accreditation.CONTINUED,
            positions_categorical=1,
            positions_advanced=2,
            annual_case_volume=5000,
            mix_vascular_pct=45,
            mix_oncologic_pct=30,
            mix_neuro_pct=10,
            mix_pediatric_pct=5,
            faculty_count=14,
            publications_per_year=40,
            research_rotation=True,
            is_synthetic=False,
        ),
        "beta": make_program(
            "T-BETA",
            name="Beta Independent IR",
            kind=Kind.INDEPENDENT_IR,
            institution="Beta Medical Center",
            city="Betatown",
            state="OR",
            accreditation_status=Program.Accreditation.INITIAL,
            positions_physician=1,
            annual_case_volume=2000,
            faculty_count=5,
            research_rotation=False,
        ),
        "gamma": make_program(
            "T-GAMMA",
            name="Gamma Radiology with ESIR",
            kind=Kind.DR_ESIR,
            institution="Gamma Health",
            city="Gamma City",
            state="TX",
            accreditation_status=Program.Accreditation.CONTINUED,
            positions_categorical=2,
            positions_advanced=6,
            annual_case_volume=8000,
            research_rotation=True,
        ),
        "delta": make_program(
            "T-DELTA",
            name="Delta Radiology",
            kind=Kind.DR,
            institution="Delta General (Alpha network)",
            city="Deltaburg",
            state="MN",
            accreditation_status=Program.Accreditation.CONTINUED_WARNING,
            positions_advanced=4,
        ),
        "epsilon": make_program(
            "T-EPSILON",
            name="Epsilon Integrated IR",
            kind=Kind.INTEGRATED_IR,
            institution="Epsilon Clinic",
            city="Epsilon Falls",
            state="CA",
        ),
    }


@pytest.fixture
def other_director(make_user: Callable[..., User], other_program: Program) -> User:
    return make_user(
        "other_director", Role.DIRECTOR, program=other_program, kind=ProgramMembership.Kind.DIRECTOR
    )
