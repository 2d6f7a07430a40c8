"""The data set of ``bench/pages.py``: a directory of programs, one program's cohort with
their cases and shifts, an applicant with a rank order list, and a diplomate.

Everything is synthetic and built once, the bulk of it straight into the tables (the
services would audit every row: that is the import's benchmark, not this one).

- the directory: ``--programs`` programs (integrated, independent and DR/ESIR
  residencies in every state, with full profiles and positions in the match; about
  one in ten also offers preliminary PGY-1 positions);
- the cohort: the first program has a director, a coordinator, twelve faculty
  and ``--residents`` residents who started three years ago on ESIR or not, each
  with a training record, ``--cases-per-resident`` cases over those three years
  (older ones verified, the last three weeks' half awaiting verification, each
  naming one of the faculty) and every shift of those three years (the
  generator of ``bench/workhours.py``: about six entries a week);
- the program's own minimums (four categories and a total);
- an applicant with applications to twenty programs and a rank order list of
  twelve Advanced tracks, each with a supplemental list of (up to) four;
- a diplomate with the demo's certificate, OLA, CME and licences, and five
  more years of CME.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from workhours import YEAR_START, resident_year

STATES = ("MN", "OR", "CA", "TX", "NY", "MA", "IL", "OH", "PA", "FL", "GA", "WA", "CO", "MI")
FACULTY = 12
YEARS_OF_TRAINING = 3
RANK_LIST_LENGTH = 12
SUPPLEMENTAL_LENGTH = 4
APPLICATIONS = 20


@dataclass
class BenchData:
    program: Any
    director: Any
    coordinator: Any
    faculty: list[Any]
    residents: list[Any]
    student: Any
    diplomate: Any
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def resident(self) -> Any:
        """The resident whose pages are measured (as many cases as every other)."""
        return self.residents[0]


def build(
    *, programs: int, residents: int, cases_each: int, shifts: bool = True, seed: int = 11
) -> BenchData:
    from seldinger.accounts.models import Role, User

    rng = random.Random(seed)
    directory = build_directory(programs, rng)
    program = directory[0]
    director = _user("bench-director", Role.DIRECTOR, "Director")
    coordinator = _user("bench-coordinator", Role.COORDINATOR, "Coordinator")
    faculty = [_user(f"bench-faculty-{n:02d}", Role.FACULTY, f"F{n:02d}") for n in range(FACULTY)]
    today = dt.date.today()
    start = dt.date(today.year - YEARS_OF_TRAINING, 7, 1)
    _appoint(director, program, "director", start - dt.timedelta(days=3650))
    _appoint(coordinator, program, "coordinator", start - dt.timedelta(days=3650))
    for person in faculty:
        _appoint(person, program, "faculty", start - dt.timedelta(days=3650))
    add_requirements(program)
    trainees = []
    for number in range(residents):
        user = _user(f"bench-resident-{number:02d}", Role.RESIDENT, f"R{number:02d}")
        _trainee(user, program, start, esir=number % 2 == 0)
        _training_record(user, start)
        add_cases(user, [director, *faculty], cases_each, start=start, rng=rng, tag=number)
        if shifts:
            add_shifts(user, start=start, rng=rng)
        trainees.append(user)
    student = build_applicant(directory, rng)
    diplomate = build_diplomate(rng)
    from seldinger.caselog.models import CaseEntry
    from seldinger.workhours.models import ShiftEntry

    counts = {
        "programs": len(directory),
        "cases": CaseEntry.objects.count(),
        "shifts": ShiftEntry.objects.count(),
        "users": User.objects.count(),
    }
    return BenchData(program, director, coordinator, faculty, trainees, student, diplomate, counts)


def _user(username: str, role: str, last_name: str) -> Any:
    from seldinger.accounts.models import User

    return User.objects.create_user(
        username=username, role=role, first_name="Bench", last_name=last_name
    )


def _appoint(user: Any, program: Any, kind: str, start: dt.date) -> None:
    from seldinger.accounts.appointments import appoint

    appoint(user=user, program=program, kind=kind, start_date=start)


def _trainee(user: Any, program: Any, start: dt.date, *, esir: bool) -> None:
    from seldinger.accounts.appointments import appoint, set_open_appointment

    appoint(user=user, program=program, kind="trainee", start_date=start)
    end = start + dt.timedelta(days=5 * 365)
    set_open_appointment(
        user=user, program=program, kind="trainee", start_date=start, end_date=end, esir=esir
    )


def _training_record(user: Any, start: dt.date) -> None:
    from seldinger.pathways.models import TrainingRecord

    # Integrated IR from PGY-1: in year three now, graduating in two years.
    TrainingRecord.objects.create(
        user=user, pathway="integrated-ir", stage="pgy1", stage_start=start
    )


# The directory -------------------------------------------------------------------------------


def build_directory(count: int, rng: random.Random) -> list[Any]:
    from seldinger.programs.models import Program

    kinds = (Program.Kind.INTEGRATED_IR, Program.Kind.INDEPENDENT_IR, Program.Kind.DR_ESIR)
    rows = []
    for number in range(count):
        kind = kinds[number % len(kinds)]
        integrated = kind == Program.Kind.INTEGRATED_IR
        salary = rng.randrange(58_000, 72_000, 500)
        vascular = rng.randrange(30, 60)
        oncologic = rng.randrange(15, 35)
        rows.append(
            Program(
                name=f"Bench {kind.label} {number + 1:03d} (synthetic)",
                acgme_id=f"BENCH-{number + 1:04d}",
                kind=kind,
                institution=f"Bench University Hospital {number + 1:03d} (synthetic)",
                city=f"Benchville {number % 50 + 1}",
                state=STATES[number % len(STATES)],
                accreditation_status=Program.Accreditation.CONTINUED,
                positions_categorical=rng.choice((0, 1, 1, 2)) if integrated else 0,
                positions_advanced=rng.choice((1, 2, 2, 3)) if integrated else 0,
                # Preliminary (PGY-1) years are mostly other specialties' positions: a few
                # IR programs offer one (none in the demo directory).
                positions_preliminary=rng.choice((1, 2)) if rng.random() < 0.1 else 0,
                positions_physician=0 if integrated else rng.choice((1, 2, 3)),
                annual_case_volume=rng.randrange(2_000, 9_000, 100),
                mix_vascular_pct=vascular,
                mix_oncologic_pct=oncologic,
                mix_neuro_pct=rng.randrange(0, 15),
                mix_pediatric_pct=rng.randrange(0, 10),
                faculty_count=rng.randrange(5, 25),
                publications_per_year=rng.randrange(5, 60),
                research_rotation=rng.random() < 0.7,
                icu_rotation=rng.random() < 0.8,
                call_schedule="Home call one week in five (synthetic)",
                salary_pgy1=salary,
                salary_pgy2=salary + 2_500,
                salary_pgy3=salary + 5_000,
                salary_pgy4=salary + 7_500,
                salary_pgy5=salary + 10_000,
                salary_pgy6=salary + 12_500,
                benefits="Synthetic benefits.",
                interview_format=Program.InterviewFormat.VIRTUAL,
                contact_name="Bench Coordinator (synthetic)",
                contact_email=f"ir{number + 1}@bench.seldinger.invalid",
                website=f"https://bench.seldinger.invalid/{number + 1}",
                is_synthetic=True,
            )
        )
    Program.objects.bulk_create(rows)
    return list(Program.objects.order_by("acgme_id"))


# The cohort: requirements, cases and shifts ------------------------------------------------


def add_requirements(program: Any) -> None:
    from seldinger.caselog.models import CaseRequirement
    from seldinger.caselog.selectors import catalogue

    for index, category in enumerate(list(catalogue().categories)[:4]):
        CaseRequirement.objects.create(
            program=program,
            name=f"Bench minimum {index + 1}",
            category_key=category,
            roles="primary",
            minimum=30,
        )
    CaseRequirement.objects.create(program=program, name="Bench total", minimum=900)


def add_cases(
    trainee: Any,
    supervisors: list[Any],
    count: int,
    *,
    start: dt.date,
    rng: random.Random,
    tag: int | str,
) -> None:
    """``count`` cases between ``start`` and today: verified once a few weeks old (a few
    stragglers pending), half of the last three weeks' still awaiting verification.
    Inserted as plain rows (``audit.services.insert_rows``, as the import does)."""
    from django.db import connection
    from django.utils import timezone

    from seldinger.audit.services import insert_rows
    from seldinger.caselog.models import CaseEntry
    from seldinger.caselog.selectors import catalogue

    ops = connection.ops
    date, number = ops.adapt_datefield_value, ops.adapt_decimalfield_value
    stamp = ops.adapt_datetimefield_value(timezone.now())
    procedures = list(catalogue().procedures.values())
    today = dt.date.today()
    span = (today - start).days
    rows = []
    for index in range(count):
        procedure = rng.choice(procedures)
        performed_on = start + dt.timedelta(days=rng.randrange(span + 1))
        recent = (today - performed_on).days <= 21
        pending = rng.random() < (0.5 if recent else 0.005)
        fluoro = rng.random() < 0.7
        rows.append(
            (
                trainee.pk,
                date(performed_on),
                procedure.key,
                procedure.category,
                rng.choice(("primary", "primary", "assistant", "observer")),
                rng.choice(supervisors).pk,
                "fluoroscopy" if fluoro else "ultrasound",
                rng.choice(("adult", "adult", "older-adult")),
                "none",
                number(Decimal(f"{rng.uniform(0.5, 40):.1f}")) if fluoro else None,
                number(Decimal(f"{rng.uniform(1, 300):.1f}")) if fluoro else None,
                number(Decimal(f"{rng.uniform(5, 2000):.0f}")) if fluoro else None,
                "",
                CaseEntry.Status.PENDING if pending else CaseEntry.Status.VERIFIED,
                "",
                CaseEntry.Source.IMPORT,
                f"bench-{tag}-{index}",
                stamp,
                stamp,
            )
        )
    insert_rows(CaseEntry, CASE_COLUMNS, rows)


CASE_COLUMNS = (
    "trainee",
    "performed_on",
    "procedure_key",
    "category_key",
    "role",
    "supervisor",
    "modality",
    "age_band",
    "complication",
    "fluoro_minutes",
    "dap_gycm2",
    "air_kerma_mgy",
    "notes",
    "status",
    "return_comment",
    "source",
    "fingerprint",
    "created_at",
    "updated_at",
)


def add_shifts(resident: Any, *, start: dt.date, rng: random.Random) -> None:
    """Every shift since ``start`` up to now: ``bench/workhours.py``'s academic year, once per
    year of training, moved by whole weeks so weekends stay weekends."""
    from django.utils import timezone

    from seldinger.workhours.models import ShiftEntry

    now = dt.datetime.now()
    first_week = dt.timedelta(weeks=(start - YEAR_START).days // 7)
    entries = []
    busy_until = dt.datetime.min
    for year in range(YEARS_OF_TRAINING + 1):
        moved = first_week + dt.timedelta(weeks=52 * year)
        next_year = YEAR_START + moved + dt.timedelta(weeks=52)
        for shift in resident_year(resident.username, rng):
            begins, ends = shift.start + moved, shift.end + moved
            # A year's last call runs into the next year's first day: one of them goes.
            if begins < busy_until or begins.date() >= next_year or ends > now:
                continue
            busy_until = ends
            entries.append(
                ShiftEntry(
                    resident=resident,
                    start=timezone.make_aware(begins),
                    end=timezone.make_aware(ends),
                    kind=_shift_kind(shift.kind),
                )
            )
    ShiftEntry.objects.bulk_create(entries, batch_size=2000)


def _shift_kind(kind: str) -> str:
    from seldinger.workhours.models import ShiftKind

    return kind if kind in ShiftKind.values else ShiftKind.CLINICAL


# An applicant and a diplomate -------------------------------------------------------------


def build_applicant(directory: list[Any], rng: random.Random) -> Any:
    """A student applying this season, with a rank order list and supplemental lists."""
    from seldinger.accounts.models import Role
    from seldinger.applications.models import (
        ApplicantProfile,
        Application,
        RankOrderEntry,
        RankOrderList,
        SupplementalEntry,
    )
    from seldinger.applications.selectors import current_match_year

    student = _user("bench-student", Role.STUDENT, "Student")
    match_year = current_match_year()
    ApplicantProfile.objects.create(
        user=student, match_year=match_year, eras_application=True, letters_count=4
    )
    advanced = [p for p in directory if p.positions_advanced > 0]
    preliminary = [p for p in directory if p.positions_preliminary > 0]
    applied = rng.sample(advanced, min(APPLICATIONS, len(advanced)))
    Application.objects.bulk_create(
        Application(applicant=student, program=program, status="interviewed") for program in applied
    )
    rank_list = RankOrderList.objects.create(applicant=student, match_year=match_year)
    for rank, program in enumerate(applied[:RANK_LIST_LENGTH], start=1):
        entry = RankOrderEntry.objects.create(
            rank_list=rank_list, rank=rank, program=program, track="advanced"
        )
        supplemental = rng.sample(preliminary, min(SUPPLEMENTAL_LENGTH, len(preliminary)))
        for sub_rank, other in enumerate(supplemental, start=1):
            SupplementalEntry.objects.create(entry=entry, rank=sub_rank, program=other)
    return student


def build_diplomate(rng: random.Random) -> Any:
    """The demo diplomate's certificate, OLA, CME and licences, and five more years of CME."""
    from seldinger.accounts.models import Role
    from seldinger.certification.models import CmeActivity
    from seldinger.demo.certification import load_demo_certification
    from seldinger.demo.credentials import load_demo_credentials

    diplomate = _user("bench-diplomate", Role.DIPLOMATE, "Diplomate")
    load_demo_certification(diplomate)
    load_demo_credentials(diplomate)
    today = dt.date.today()
    CmeActivity.objects.bulk_create(
        CmeActivity(
            owner=diplomate,
            title=f"Bench CME activity {number + 1} (synthetic)",
            provider="Bench CME Provider (synthetic)",
            date=today - dt.timedelta(days=rng.randrange(5 * 365)),
            credits=Decimal(rng.choice(("1", "2", "4.5", "8"))),
        )
        for number in range(60)
    )
    return diplomate
