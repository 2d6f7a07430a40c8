"""The daily case-log pages ask the database a fixed number of questions, however many
residents and cases there are: measured on a small program, then again after it grew.

Each page is visited once before counting: on the first visit of the day a trainee's case
counts are counted and kept (see ``seldinger.caselog.counts``).
"""

import datetime as dt
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog import counts, services, transfer_import
from seldinger.caselog.entries import CaseData
from seldinger.caselog.models import CaseCounts, CaseEntry, CaseRequirement
from seldinger.pathways.models import TrainingRecord

pytestmark = pytest.mark.django_db

Kind = ProgramMembership.Kind

#: Page -> who opens it, and its queries (with the session, the user, whether the user has a
#: second factor, and the licence banner; the cohort's reports section asks each report's app,
#: once each, whether the viewer may have it; the dose section: the cohort's doses in one query,
#: a trainee's and their program's in two; the progress page's rotations, the published
#: schedules in one).
PAGES = {
    "/cases/cohort/": ("director", 15),
    "/cases/progress/": ("resident", 12),
    "/cases/mine/": ("resident", 6),
    "/cases/verify/": ("faculty", 7),
}


def grow(program, make_user, supervisor, *, residents, cases_each, first=0):
    """Add ``residents`` trainees to ``program``, each with ``cases_each`` cases naming
    ``supervisor`` (a third of them awaiting verification)."""
    today = timezone.localdate()
    for number in range(first, first + residents):
        trainee = make_user(f"trainee{number}", Role.RESIDENT, program=program, kind=Kind.TRAINEE)
        ProgramMembership.objects.filter(user=trainee).update(
            start_date=today - dt.timedelta(days=500), end_date=today + dt.timedelta(days=600)
        )
        in_training(trainee)
        add_cases(trainee, supervisor, cases_each)


def in_training(trainee):
    """An integrated IR resident in their second year: graduation comes from the plan."""
    start = dt.date(timezone.localdate().year - 1, 7, 1)
    TrainingRecord.objects.create(
        user=trainee, pathway="integrated-ir", stage="pgy1", stage_start=start
    )


def add_cases(trainee, supervisor, count):
    today = timezone.localdate()
    CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=trainee,
            performed_on=today - dt.timedelta(days=index * 3),
            procedure_key="tace" if index % 2 else "port-chest",
            category_key="embolization" if index % 2 else "venous-access",
            role=("primary", "assistant", "observer")[index % 3],
            supervisor=supervisor,
            modality="fluoroscopy",
            fluoro_minutes=index % 7 or None,
            status=CaseEntry.Status.PENDING if index % 3 == 0 else CaseEntry.Status.VERIFIED,
            fingerprint=f"{trainee.pk}-{index}",
        )
        for index in range(count)
    )


def queries_of(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def people(client, program, resident, faculty, director):
    """The program with its requirements; ``resident`` logs cases under ``faculty``."""
    CaseRequirement.objects.create(program=program, name="Embolization", minimum=40)
    CaseRequirement.objects.create(
        program=program, name="Venous access", category_key="venous-access", minimum=20
    )
    ProgramMembership.objects.filter(user=resident).update(
        start_date=timezone.localdate() - dt.timedelta(days=400)
    )
    in_training(resident)
    return {"resident": resident, "faculty": faculty, "director": director}


@pytest.mark.parametrize("url", list(PAGES))
def test_page_asks_the_same_queries_for_a_small_and_a_grown_program(
    client, people, program, make_user, url
):
    persona, budget = PAGES[url]
    client.force_login(people[persona])
    add_cases(people["resident"], people["faculty"], 6)
    grow(program, make_user, people["faculty"], residents=2, cases_each=4)
    small = queries_of(client, url)

    add_cases(people["resident"], people["faculty"], 60)
    grow(program, make_user, people["faculty"], residents=6, cases_each=40, first=2)
    grown = queries_of(client, url)

    assert (small, grown) == (budget, budget)


def test_cohort_counts_every_case_logged_changed_gone_or_imported_since_its_first_visit(
    client, people, program
):
    """The cohort's totals follow the log: counts kept from the first visit of the day
    take in the cases logged, edited, deleted or imported since."""
    resident, faculty = people["resident"], people["faculty"]
    add_cases(resident, faculty, 6)
    client.force_login(people["director"])

    def total():
        rows = client.get("/api/caselog/cohort").json()["residents"]
        return {row["trainee"]: row["total_cases"] for row in rows}["resident"]

    def done(requirement):
        page = client.get("/cases/cohort/").content.decode()
        row = page[page.index('data-trainee="resident"') :]
        return row[row.index(f'data-requirement="{requirement}"') :].split("<br>")[0]

    venous = f"program-{CaseRequirement.objects.get(name='Venous access').pk}"
    assert total() == 6
    assert done(venous).endswith(">2 / 20")  # two venous-access cases as primary or assistant

    data = CaseData(
        performed_on=timezone.localdate(),
        procedure_key="port-chest",
        category_key="venous-access",
        role="primary",
        supervisor=faculty.username,
        modality="fluoroscopy",
        age_band="",
        fluoro_minutes=None,
        dap_gycm2=None,
        air_kerma_mgy=None,
        complication="none",
        notes="",
    )
    logged = services.log_case(trainee=resident, data=data)
    assert total() == 7
    assert done(venous).endswith(">3 / 20")

    services.update_case(
        actor=resident,
        case=logged,
        data=replace(data, procedure_key="tace", category_key="embolization"),
    )
    assert total() == 7
    assert done(venous).endswith(">2 / 20")

    services.delete_case(actor=resident, case=CaseEntry.objects.get(pk=logged.pk))
    assert total() == 6
    assert done(venous).endswith(">2 / 20")

    row = {"procedure": "picc", "role": "assistant", "supervisor": faculty.username}
    imported = transfer_import.import_cases(
        trainee=resident,
        actor=resident,
        rows=[{**row, "date": timezone.localdate().isoformat(), "modality": "ultrasound"}],
    )
    assert imported.report.saved == 1
    assert total() == 7
    assert done(venous).endswith(">3 / 20")


def test_the_dashboard_follows_cases_verified_returned_and_logged_after_its_first_visit(
    client, people
):
    """The dashboard's figures by month and by status are kept too: each change shows."""
    resident, faculty = people["resident"], people["faculty"]
    add_cases(resident, faculty, 6)  # two of them awaiting verification
    client.force_login(resident)

    def figures():
        page = client.get("/cases/progress/")
        chart = page.context["chart_data"]
        return (
            page.context["progress"].total_cases,
            page.context["verified"],
            page.context["pending"],
            page.context["returned"],
            [total for total in chart["total"] if total is not None][-1],
        )

    assert figures() == (6, 4, 2, 0, 6)
    first, second = CaseEntry.objects.filter(status=CaseEntry.Status.PENDING)
    services.verify_cases(faculty=faculty, case_ids=[first.pk])
    assert figures() == (6, 5, 1, 0, 6)
    services.return_case(faculty=faculty, case=second, comment="Which side?")
    assert figures() == (6, 5, 0, 1, 6)
    add_cases(resident, faculty, 1)  # logged today, awaiting verification
    assert figures() == (7, 5, 1, 1, 7)


def test_cases_logged_since_the_counts_were_kept_are_added_to_them_as_a_recount_finds_them(
    client, people, program, make_user
):
    """A case logged after the day's first visit is counted alone and added to the kept
    counts (its trainee's whole log is not counted again): the sums, the cases in the pace
    window and the first dates are what counting every case gives."""
    resident, faculty = people["resident"], people["faculty"]
    add_cases(resident, faculty, 30)
    grow(program, make_user, faculty, residents=2, cases_each=8)
    starts = {
        row.user_id: timezone.localdate() - dt.timedelta(days=400)
        for row in ProgramMembership.objects.filter(kind=Kind.TRAINEE)
    }
    today = timezone.localdate()
    kept_before = counts.case_counts(starts, as_of=today)
    last_case = CaseCounts.objects.get(trainee=resident).last_case
    # A case long before the others (a new first date, outside the pace window), one of a
    # category and role not seen yet, and one for another trainee.
    add_cases(resident, faculty, 1)
    CaseEntry.objects.filter(trainee=resident, pk__gt=last_case).update(
        performed_on=today - dt.timedelta(days=900)
    )
    CaseEntry.objects.create(
        trainee=resident,
        performed_on=today,
        procedure_key="picc",
        category_key="other-venous",
        role="observer",
        supervisor=faculty,
        modality="ultrasound",
        fingerprint="added",
    )
    add_cases(ProgramMembership.objects.get(user__username="trainee1").user, faculty, 2)

    caught_up = counts.case_counts(starts, as_of=today)

    assert caught_up == counts.count_cases(starts, as_of=today)
    assert caught_up != kept_before
    assert CaseCounts.objects.get(trainee=resident).last_case == CaseEntry.objects.latest("pk").pk
    assert counts.case_counts(starts, as_of=today) == caught_up  # kept as caught up
