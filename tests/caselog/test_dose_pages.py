"""Dose per trainee on the progress page, the cohort view and the case page: the medians
against the program's, and the cases above a substantial radiation dose level, to whom."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

UFE = "uterine-fibroid-embolization"
FOLLOW_UP = "arrange follow-up for possible skin injury"


def case(trainee, *, days_ago=10, category="embolization", procedure="tace", **dose):
    return CaseEntry.objects.create(
        trainee=trainee,
        performed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        procedure_key=procedure,
        category_key=category,
        role="primary",
        modality="fluoroscopy",
        fingerprint=f"{trainee.pk}-{days_ago}-{procedure}",
        **{name: Decimal(str(value)) for name, value in dose.items()},
    )


@pytest.fixture
def doses(resident, make_user, program, other_resident):
    """The resident: three cases (DAP 10, 30, 20; one 70-minute case); a peer in the same
    program: DAP 100; a resident of another program with a case above every level."""
    ProgramMembership.objects.filter(user=resident).update(
        start_date=timezone.localdate() - dt.timedelta(days=400)
    )
    case(resident, days_ago=5, dap_gycm2=10, fluoro_minutes=4)
    case(
        resident,
        days_ago=40,
        dap_gycm2=30,
        fluoro_minutes=70,
        procedure=UFE,
    )
    case(resident, days_ago=80, dap_gycm2=20, category="venous-access", procedure="port-chest")
    peer = make_user("peer", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE)
    case(peer, dap_gycm2=100, fluoro_minutes=8)
    case(other_resident, dap_gycm2=900, air_kerma_mgy=7000, fluoro_minutes=90, procedure="tips")
    return {"peer": peer}


def test_progress_shows_the_trainees_median_against_the_programs(client, resident, doses):
    client.force_login(resident)
    page = client.get("/cases/progress/").content.decode()
    medians = page.split('id="dose-medians"')[1].split("</table>")[0]
    # Trainee: DAP 10, 20, 30 -> 20; program (with the peer's 100): 10, 20, 30, 100 -> 25.
    assert "<td>20</td><td>25</td>" in medians
    # Fluoroscopy: 4 and 70 -> 37; program: 4, 8, 70 -> 8.
    assert "<td>37</td><td>8</td>" in medians


def test_progress_shows_dose_by_procedure_family_and_month(client, resident, doses):
    client.force_login(resident)
    page = client.get("/cases/progress/").content.decode()
    families = page.split('id="dose-families"')[1].split("</table>")[0]
    assert "Embolization" in families and "<td>2</td><td>20" in families
    months = page.split('id="dose-months"')[1].split("</table>")[0]
    assert months.count("<tr>") == 1 + len(
        {(timezone.localdate() - dt.timedelta(days=d)).strftime("%Y-%m") for d in (5, 40, 80)}
    )


def test_a_case_above_a_level_is_flagged_on_progress_and_its_page(client, resident, doses):
    client.force_login(resident)
    flags = client.get("/cases/progress/").content.decode().split('id="srdl-flags"')[1]
    flags = flags.split("</div>")[0]
    assert "Uterine" in flags and "Fluoroscopy time 70 min ≥ 60 min" in flags
    assert FOLLOW_UP in flags and "chemoembolization" not in flags.lower()
    flagged = CaseEntry.objects.get(trainee=resident, procedure_key=UFE)
    assert FOLLOW_UP in client.get(f"/cases/{flagged.pk}/").content.decode()
    quiet = CaseEntry.objects.get(trainee=resident, procedure_key="tace")
    assert (
        "Substantial radiation dose level" not in client.get(f"/cases/{quiet.pk}/").content.decode()
    )


def test_the_director_sees_their_programs_flags_and_not_anothers(client, director, doses):
    client.force_login(director)
    page = client.get("/cases/cohort/").content.decode()
    flags = page.split('id="srdl-flags"')[1].split("</div>")[0]
    assert "Uterine" in flags and "resident" in flags.lower() and FOLLOW_UP in flags
    assert "TIPS" not in flags  # the other program's resident
    medians = page.split('id="cohort-dose-medians"')[1].split("</table>")[0]
    assert "peer" in medians


def test_a_programs_own_level_flags_what_the_rule_does_not(
    client, director, doses, program, settings
):
    settings.DOSE_SRDL_OVERRIDES = f'{{"{program.pk}": {{"dap_gycm2": 25}}}}'
    client.force_login(director)
    flags = client.get("/cases/cohort/").content.decode().split('id="srdl-flags"')[1]
    flags = flags.split("</div>")[0]
    assert "Dose-area product 30 Gy·cm² ≥ 25 Gy·cm²" in flags
    assert "Dose-area product 100 Gy·cm² ≥ 25 Gy·cm²" in flags


def test_a_resident_sees_only_their_own_dose(client, resident, doses, other_resident):
    client.force_login(resident)
    assert client.get("/cases/progress/peer/").status_code == 404
    assert client.get("/cases/cohort/").status_code == 403
    tips = CaseEntry.objects.get(trainee=other_resident)
    assert client.get(f"/cases/{tips.pk}/").status_code == 404


def test_faculty_cannot_see_the_cohorts_dose(client, faculty, doses):
    client.force_login(faculty)
    assert client.get("/cases/cohort/").status_code == 403
