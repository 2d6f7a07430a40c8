"""Case-log progress takes the graduation date from the trainee's training record.

The end of R4 (PGY-5) for a DR or DR-with-ESIR program, the end of training for
any other program, moved by time off beyond the ABR allowance; the membership's
end date only for a trainee without a training record.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog.selectors_progress import cohort, trainee_progress
from seldinger.pathways import training
from seldinger.programs.models import Program

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 12, 4)
Kind = ProgramMembership.Kind


@pytest.fixture
def dr_esir_program(make_program):
    return make_program(
        "TEST-DR-ESIR", name="Test DR residency with ESIR", kind=Program.Kind.DR_ESIR
    )


@pytest.fixture
def esir_resident(make_user, dr_esir_program):
    """R3 of a DR program with ESIR; the program expects them to leave on 2030-06-30."""
    user = make_user("esir_resident", Role.RESIDENT)
    ProgramMembership.objects.create(
        user=user,
        program=dr_esir_program,
        kind=Kind.TRAINEE,
        start_date=dt.date(2024, 7, 1),
        end_date=dt.date(2030, 6, 30),
        esir=True,
    )
    return user


@pytest.fixture
def integrated_resident(make_user, program):
    """In the integrated IR program (``program``); the membership says 2031-06-30."""
    user = make_user("integrated_resident", Role.RESIDENT)
    ProgramMembership.objects.create(
        user=user,
        program=program,
        kind=Kind.TRAINEE,
        start_date=dt.date(2024, 7, 1),
        end_date=dt.date(2031, 6, 30),
    )
    return user


def set_record(trainee, pathway, stage, start):
    training.set_training(
        actor=trainee, trainee=trainee, pathway=pathway, stage=stage, stage_start=start
    )


def add_leave(trainee, start, end):
    training.add_time_off(actor=trainee, trainee=trainee, kind="parental", start=start, end=end)


def graduation(trainee):
    return trainee_progress(trainee, as_of=AS_OF).record.graduation


def cli_graduation(trainee) -> str:
    out = StringIO()
    call_command(
        "progress",
        "--trainee",
        trainee.username,
        "--as-of",
        AS_OF.isoformat(),
        stdout=out,
    )
    lines = [line for line in out.getvalue().splitlines() if line.startswith("Graduation: ")]
    assert len(lines) == 1, out.getvalue()
    return lines[0].removeprefix("Graduation: ").split(";")[0]


def test_a_dr_esir_program_graduates_at_the_end_of_r4_from_the_record(esir_resident):
    # ESIR: PGY-1 (clinical) from 2023-07-01, R1 = PGY-2 from 2024-07-01, R4 ends 2028-06-30.
    set_record(esir_resident, "independent-ir-esir", "pgy2", dt.date(2024, 7, 1))
    assert graduation(esir_resident) == dt.date(2028, 6, 30)


def test_the_progress_command_shows_the_same_graduation(esir_resident):
    set_record(esir_resident, "independent-ir-esir", "pgy2", dt.date(2024, 7, 1))
    assert cli_graduation(esir_resident) == "2028-06-30"


def test_the_record_wins_over_the_membership_end_date(esir_resident):
    set_record(esir_resident, "independent-ir-esir", "pgy2", dt.date(2024, 7, 1))
    membership = ProgramMembership.objects.get(user=esir_resident)
    assert membership.end_date == dt.date(2030, 6, 30)
    assert graduation(esir_resident) == dt.date(2028, 6, 30)


def test_an_integrated_program_graduates_at_the_end_of_training(integrated_resident):
    # Integrated IR, PGY-2 from 2025-07-01: six years from 2024-07-01.
    set_record(integrated_resident, "integrated-ir", "pgy2", dt.date(2025, 7, 1))
    assert graduation(integrated_resident) == dt.date(2030, 6, 30)
    assert cli_graduation(integrated_resident) == "2030-06-30"


def test_without_a_record_the_membership_end_date_is_the_graduation(esir_resident):
    assert graduation(esir_resident) == dt.date(2030, 6, 30)
    assert cli_graduation(esir_resident) == "2030-06-30"


def test_time_off_beyond_the_allowance_moves_graduation(integrated_resident):
    set_record(integrated_resident, "integrated-ir", "pgy2", dt.date(2025, 7, 1))
    # A year off: 261 workdays, 61 beyond the 5 x 40 allowed: 61 workdays after 2030-06-30.
    add_leave(integrated_resident, dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert graduation(integrated_resident) == dt.date(2030, 9, 23)
    assert cli_graduation(integrated_resident) == "2030-09-23"


def test_time_off_within_the_allowance_keeps_graduation(integrated_resident):
    set_record(integrated_resident, "integrated-ir", "pgy2", dt.date(2025, 7, 1))
    add_leave(integrated_resident, dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert graduation(integrated_resident) == dt.date(2030, 6, 30)


def test_a_dr_only_record_in_a_dr_program_moves_with_time_off(make_user, make_program):
    dr_program = make_program("TEST-DR", name="Test DR residency", kind=Program.Kind.DR)
    user = make_user("dr_resident", Role.RESIDENT)
    ProgramMembership.objects.create(
        user=user, program=dr_program, kind=Kind.TRAINEE, end_date=dt.date(2029, 6, 30)
    )
    # DR only, PGY-2 (R1) from 2025-07-01: R4 (PGY-5) ends 2029-06-30, the end of training.
    set_record(user, "dr-only", "pgy2", dt.date(2025, 7, 1))
    assert graduation(user) == dt.date(2029, 6, 30)
    # 261 workdays off, 101 beyond the 4 x 40 allowed: 101 workdays after 2029-06-30.
    add_leave(user, dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert graduation(user) == dt.date(2029, 11, 19)


def test_the_directors_cohort_shows_the_same_graduation(integrated_resident, director):
    set_record(integrated_resident, "integrated-ir", "pgy2", dt.date(2025, 7, 1))
    add_leave(integrated_resident, dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    rows = {row.trainee.username: row for row in cohort(director, as_of=AS_OF)}
    assert rows["integrated_resident"].record.graduation == dt.date(2030, 9, 23)
