"""Demo data for the case log: the resident on ESIR, example requirements, synthetic cases."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from seldinger.accounts.appointments import set_open_appointment
from seldinger.accounts.models import User
from seldinger.accounts.selectors import Kind
from seldinger.caselog.entries import CaseData
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.progress_service import create_requirement
from seldinger.caselog.selectors import catalogue
from seldinger.caselog.services import log_case, verify_cases
from seldinger.programs.models import Program

# Progress demo: the first program's example requirements (name, category, roles,
# minimum). Examples a program might configure, not ACGME numbers (those are not public).
DEMO_REQUIREMENTS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("Example: embolization (primary) 20", "embolization", ("primary",), 20),
    (
        "Example: venous access (primary or assistant) 20",
        "venous-access",
        ("primary", "assistant"),
        20,
    ),
    ("Example: drainage (primary or assistant) 10", "drainage", ("primary", "assistant"), 10),
)
DEMO_RESIDENT_TRAINING = (dt.date(2024, 7, 1), dt.date(2028, 6, 30))
DEMO_CASE_COUNT = 150
DEMO_CASE_NOTE = "Synthetic demo case."


def load_demo_progress(program: Program, users: dict[str, User]) -> None:
    """The demo resident on ESIR with dates, example requirements and ~150 synthetic cases.

    Each part is added once: the membership only while it has no end date,
    requirements by name, cases only while the resident has no demo case.
    """
    resident, faculty, director = users["resident"], users["faculty"], users["director"]
    start, graduation = DEMO_RESIDENT_TRAINING
    set_open_appointment(
        user=resident,
        program=program,
        kind=Kind.TRAINEE,
        start_date=start,
        end_date=graduation,
        esir=True,
    )

    categories = catalogue().categories
    existing = set(program.case_requirements.values_list("name", flat=True))
    for name, category, roles, minimum in DEMO_REQUIREMENTS:
        if name in existing or (category and category not in categories):
            continue
        create_requirement(
            actor=director,
            program=program,
            name=name,
            category_key=category,
            roles=roles,
            minimum=minimum,
        )

    if not CaseEntry.objects.filter(trainee=resident, notes=DEMO_CASE_NOTE).exists():
        _demo_cases(resident, faculty, start)


def _demo_cases(resident: User, faculty: User, training_start: dt.date) -> None:
    """De-identified synthetic cases over the past two years; older ones mostly verified."""
    rng = random.Random(20240701)
    today = timezone.localdate()
    first = max(training_start, today - dt.timedelta(days=730))
    span = max(1, (today - first).days)
    procedures = sorted(catalogue().procedures.values(), key=lambda procedure: procedure.key)
    if not procedures:
        return
    weights = {"basic": 5.0, "intermediate": 3.0, "advanced": 1.0}
    to_verify = []
    for _ in range(DEMO_CASE_COUNT):
        performed_on = first + dt.timedelta(days=rng.randrange(span))
        progress = (performed_on - first).days / span  # later cases: more advanced, more primary
        procedure = rng.choices(
            procedures,
            weights=[
                weights[p.skill_level] * (1 + 2 * progress if p.skill_level == "advanced" else 1)
                for p in procedures
            ],
        )[0]
        role = rng.choices(
            ["primary", "assistant", "observer"], weights=[0.2 + 0.6 * progress, 0.7, 0.1]
        )[0]
        fluoro = procedure.category not in ("venous-access", "biopsy", "drainage") or (
            rng.random() < 0.3
        )
        data = CaseData(
            performed_on=performed_on,
            procedure_key=procedure.key,
            category_key=procedure.category,
            role=role,
            supervisor=faculty.username,
            modality="fluoroscopy" if fluoro else "ultrasound",
            age_band=rng.choice(["adult", "adult", "older-adult"]),
            fluoro_minutes=Decimal(f"{rng.uniform(0.5, 35):.1f}") if fluoro else None,
            dap_gycm2=Decimal(f"{rng.uniform(2, 250):.1f}") if fluoro else None,
            air_kerma_mgy=Decimal(f"{rng.uniform(10, 1500):.0f}") if fluoro else None,
            complication="none",
            notes=DEMO_CASE_NOTE,
        )
        case = log_case(trainee=resident, data=data)
        if (today - performed_on).days > 30 and rng.random() < 0.8:
            to_verify.append(case.pk)
    verify_cases(faculty=faculty, case_ids=to_verify)
