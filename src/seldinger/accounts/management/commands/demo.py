import datetime as dt
import json
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rich.console import Console
from rich.table import Table

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role, User
from seldinger.programs.models import Program

DEMO_PASSWORD = "seldinger-demo"
DEMO_URL = "http://127.0.0.1:8000/"

Kind = ProgramMembership.Kind

# Two clearly synthetic programs in fictional cities.
DEMO_PROGRAMS: tuple[dict[str, Any], ...] = (
    {
        "acgme_id": "DEMO-0001",
        "name": "Demo Integrated IR Residency (synthetic)",
        "kind": Program.Kind.INTEGRATED_IR,
        "institution": "Guidewire Falls University Hospital (synthetic)",
        "city": "Guidewire Falls",
        "state": "MN",
    },
    {
        "acgme_id": "DEMO-0002",
        "name": "Demo Independent IR Residency (synthetic)",
        "kind": Program.Kind.INDEPENDENT_IR,
        "institution": "Sheath Harbor Medical Center (synthetic)",
        "city": "Sheath Harbor",
        "state": "OR",
    },
)

# username, role, last name, and (program index, membership kind, start date) or None.
DEMO_USERS: tuple[tuple[str, str, str, tuple[int, str, dt.date] | None], ...] = (
    ("student", Role.STUDENT, "Student", None),
    ("resident", Role.RESIDENT, "Resident", (0, Kind.TRAINEE, dt.date(2024, 7, 1))),
    ("faculty", Role.FACULTY, "Faculty", (0, Kind.FACULTY, dt.date(2018, 7, 1))),
    ("coordinator", Role.COORDINATOR, "Coordinator", (0, Kind.COORDINATOR, dt.date(2019, 7, 1))),
    ("director", Role.DIRECTOR, "Director", (0, Kind.DIRECTOR, dt.date(2017, 7, 1))),
    ("diplomate", Role.DIPLOMATE, "Diplomate", None),
    ("admin", Role.ADMIN, "Admin", None),
    ("resident2", Role.RESIDENT, "Resident Two", (1, Kind.TRAINEE, dt.date(2025, 7, 1))),
    ("employer", Role.EMPLOYER, "Employer", None),
)


@dataclass
class DemoLogin:
    username: str
    role: str
    password: str


@dataclass
class DemoResult:
    logins: list[DemoLogin] = field(default_factory=list)
    created: dict[str, int] = field(
        default_factory=lambda: {"programs": 0, "users": 0, "memberships": 0, "plans": 0}
    )


@transaction.atomic
def load_demo_data() -> DemoResult:
    """Create whichever demo programs, users, memberships and plan are missing; nothing else."""
    result = DemoResult()
    programs = []
    for spec in DEMO_PROGRAMS:
        program, created = Program.objects.get_or_create(
            acgme_id=spec["acgme_id"],
            defaults={**spec, "is_synthetic": True},
        )
        programs.append(program)
        result.created["programs"] += created

    users: dict[str, User] = {}
    for username, role, last_name, membership in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": "Demo",
                "last_name": last_name,
                "email": f"{username}@demo.seldinger.invalid",
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            password = DEMO_PASSWORD
        else:
            # An account that was already there keeps its password; say so if it differs.
            password = (
                DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(not the demo password)"
            )
        result.created["users"] += created
        result.logins.append(DemoLogin(username, user.get_role_display(), password))
        users[username] = user

        if membership is not None:
            program_index, kind, start_date = membership
            _, created = ProgramMembership.objects.get_or_create(
                user=user,
                program=programs[program_index],
                kind=kind,
                defaults={"start_date": start_date},
            )
            result.created["memberships"] += created

    result.created["plans"] += _demo_plan(users["student"])
    _demo_progress(programs[0], users)
    _demo_training(users)
    result.created["programs"] += _demo_program_directory()
    _demo_applications_and_rank_lists(users, result)
    _demo_jobs_board_and_events(users)
    _demo_diplomate_credentials(users["diplomate"])
    _demo_diplomate_certification(users["diplomate"])
    _demo_milestones(users)
    _demo_work_hours(users["resident"])
    _demo_scholarship(users)
    return result


def _demo_program_directory() -> int:
    """The directory's other synthetic programs, and profiles for the two above.

    Provided by seldinger.programs (``demo_data``); returns how many programs it created.
    """
    from seldinger.programs.demo_data import load_demo_directory

    return load_demo_directory()


def _demo_applications_and_rank_lists(users: dict[str, User], result: DemoResult) -> None:
    """The student's tracker and rank list, a second student, and the director's rank list.

    Provided by seldinger.applications (``demo_data``); added once, on the demo programs
    with positions in the match.
    """
    from seldinger.applications.demo_data import load_demo_applications

    created = load_demo_applications(users, password=DEMO_PASSWORD)
    for user in created:
        result.created["users"] += 1
        users[user.username] = user
    student2 = User.objects.filter(username="student2").first()
    if student2 is not None:
        known = student2.check_password(DEMO_PASSWORD)
        password = DEMO_PASSWORD if known else "(not the demo password)"
        result.logins.append(DemoLogin("student2", student2.get_role_display(), password))


def _demo_jobs_board_and_events(users: dict[str, User]) -> None:
    """Eight synthetic job postings by the demo employer, and community events.

    Provided by seldinger.careers (``demo_data``); each added once.
    """
    from seldinger.careers.demo_data import load_demo_events, load_demo_postings

    load_demo_postings(users["employer"])
    load_demo_events()


def _demo_plan(student: User) -> bool:
    # Give the student a saved plan, once.
    from seldinger.pathways.selectors import plans_of
    from seldinger.pathways.services import save_plan

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


def _demo_progress(program: Program, users: dict[str, User]) -> None:
    """The demo resident on ESIR with dates, example requirements and ~150 synthetic cases.

    Each part is added once: the membership only while it has no end date,
    requirements by name, cases only while the resident has no demo case.
    """
    from seldinger.caselog.models import CaseEntry
    from seldinger.caselog.progress_service import create_requirement
    from seldinger.caselog.selectors import catalogue

    resident, faculty, director = users["resident"], users["faculty"], users["director"]
    start, graduation = DEMO_RESIDENT_TRAINING
    ProgramMembership.objects.filter(
        user=resident, program=program, kind=Kind.TRAINEE, end_date__isnull=True
    ).update(esir=True, start_date=start, end_date=graduation)

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


# username -> (pathway, stage, the date it started): R1 of a DR program with ESIR is PGY-2;
# IR year 1 of an independent residency is PGY-6.
DEMO_TRAINING = {
    "resident": ("independent-ir-esir", "pgy2", dt.date(2024, 7, 1)),
    "resident2": ("independent-ir", "pgy6", dt.date(2025, 7, 1)),
}


def _demo_training(users: dict[str, User]) -> None:
    """Each demo resident's one training record, once."""
    from seldinger.pathways.models import TrainingRecord
    from seldinger.pathways.training import set_training

    for username, (pathway, stage, start) in DEMO_TRAINING.items():
        trainee = users[username]
        if not TrainingRecord.objects.filter(user=trainee).exists():
            set_training(
                actor=trainee, trainee=trainee, pathway=pathway, stage=stage, stage_start=start
            )


def _demo_cases(resident: User, faculty: User, training_start: dt.date) -> None:
    """De-identified synthetic cases over the past two years; older ones mostly verified."""
    import random
    from decimal import Decimal

    from django.utils import timezone

    from seldinger.caselog.entries import CaseData
    from seldinger.caselog.selectors import catalogue
    from seldinger.caselog.services import log_case, verify_cases

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


def _demo_diplomate_credentials(diplomate: User) -> None:
    """Licences for the demo diplomate: two state licences (one expiring within 30 days,
    so a reminder shows), a DEA registration and hospital privileges; added once.

    Provided by seldinger.credentials.
    """
    from seldinger.credentials.selectors import credentials_of
    from seldinger.credentials.services import add_credential

    if credentials_of(diplomate).exists():
        return
    from django.utils import timezone

    today = timezone.localdate()
    for values in (
        {
            "kind": "state-licence",
            "state": "MN",
            "number": "DEMO-MN-10001",
            "issued_on": today - dt.timedelta(days=2 * 365 - 21),
            "expires_on": today + dt.timedelta(days=21),
            "cme_rules": "Example: 75 CME credits every two years (synthetic).",
        },
        {
            "kind": "state-licence",
            "state": "OR",
            "number": "DEMO-OR-20002",
            "issued_on": today - dt.timedelta(days=200),
            "expires_on": today + dt.timedelta(days=530),
            "cme_rules": "Example: 60 CME credits every two years (synthetic).",
        },
        {
            "kind": "dea",
            "state": "MN",
            "number": "DEMO0000001",
            "issued_on": today - dt.timedelta(days=400),
            "expires_on": today + dt.timedelta(days=695),
        },
        {
            "kind": "hospital-privileges",
            "institution": "Guidewire Falls University Hospital (synthetic)",
            "issued_on": today - dt.timedelta(days=300),
            "expires_on": today + dt.timedelta(days=430),
        },
    ):
        add_credential(owner=diplomate, **values)


def _demo_diplomate_certification(diplomate: User) -> None:
    """The diplomate's IR/DR certificate (2015), OLA years, CME below 75 credits, one PQI.

    Provided by seldinger.certification (``services``); added once (while the
    diplomate has no certification profile).
    """
    from decimal import Decimal

    from django.utils import timezone

    from seldinger.certification.models import DiplomateProfile
    from seldinger.certification.services import (
        create_cme,
        save_ola,
        save_pqi,
        save_profile,
    )

    if DiplomateProfile.objects.filter(user=diplomate).exists():
        return
    today = timezone.localdate()
    save_profile(user=diplomate, certificate="IR/DR", initial_certification=dt.date(2015, 10, 1))
    for year, answered, correct in ((today.year - 2, 52, 44), (today.year - 1, 54, 47)):
        save_ola(owner=diplomate, year=year, answered=answered, declined=3, correct=correct)
    so_far = min(52, today.timetuple().tm_yday // 7)
    save_ola(owner=diplomate, year=today.year, answered=so_far, declined=1)
    window_start = dt.date(today.year - 2, 1, 1)
    for days, title, provider, credits in (
        (40, "Annual scientific meeting (synthetic)", "Demo Society of IR", "21"),
        (300, "Embolization update course (synthetic)", "Demo Academy of IR", "8"),
        (420, "Radiation safety module (synthetic)", "Demo CME Provider", "4.5"),
        (600, "Venous disease symposium (synthetic)", "Demo Academy of IR", "12"),
    ):
        create_cme(
            owner=diplomate,
            title=title,
            provider=provider,
            date=min(today, window_start + dt.timedelta(days=days)),
            credits=Decimal(credits),
        )
    save_pqi(
        owner=diplomate,
        title="Reducing fluoroscopy time in TIPS procedures (synthetic)",
        completed_on=dt.date(today.year - 1, 3, 15),
    )


def _demo_scholarship(users: dict[str, User]) -> None:
    """Scholarly activity for the demo resident (one of each kind), the faculty member as
    their mentor, and one meeting note; added once (while the resident has no mentor).

    Provided by seldinger.scholarship.
    """
    from django.utils import timezone

    from seldinger.scholarship.models import Mentorship
    from seldinger.scholarship.services import (
        ScholarshipError,
        add_activity,
        add_note,
        assign_mentor,
    )

    resident, faculty, director = users["resident"], users["faculty"], users["director"]
    if Mentorship.objects.filter(resident=resident).exists():
        return
    program = Program.objects.get(acgme_id="DEMO-0001")
    today = timezone.localdate()
    last_year = today.year - 1
    try:
        mentorship = assign_mentor(
            director=director, program=program, resident=resident, mentor=faculty, on=today
        )
    except ScholarshipError:  # e.g. the demo resident's appointment has ended
        return
    add_note(
        author=faculty,
        mentorship=mentorship,
        date=today,
        notes="Discussed the embolization abstract and a timeline for the manuscript (synthetic).",
    )
    for kind, values in (
        (
            "publications",
            {
                "title": "Outcomes of synthetic port placements (synthetic)",
                "journal": "Demo Journal of Interventional Radiology",
                "year": today.year,
                "authors": "Resident D, Faculty D",
                "status": "submitted",
            },
        ),
        (
            "presentations",
            {
                "title": "Embolization techniques in a synthetic cohort (synthetic)",
                "meeting": "sir",
                "date": dt.date(last_year, 3, 15),
                "kind": "e-poster",
            },
        ),
        (
            "research",
            {
                "title": "Radiation dose in hepatic interventions (synthetic)",
                "role": "Co-investigator",
                "start_date": dt.date(last_year, 9, 1),
                "status": "active",
                "irb_approved": True,
            },
        ),
        (
            "qi",
            {
                "title": "Time-out checklist compliance (synthetic)",
                "aim": "Raise time-out checklist compliance in the IR suite to 100%.",
                "start_date": dt.date(last_year, 10, 1),
                "status": "active",
            },
        ),
        (
            "conferences",
            {
                "title": "RSNA Annual Meeting",
                "start_date": dt.date(last_year, 12, 1),
                "end_date": dt.date(last_year, 12, 4),
            },
        ),
    ):
        add_activity(owner=resident, kind=kind, values=values)


class Command(BaseCommand):
    help = (
        "Load the synthetic demo data (idempotent) and print the demo logins.\n\n"
        "Creates two synthetic programs and one user per role (student, resident, faculty, "
        "coordinator, director, diplomate, admin, plus resident2 in the second program), "
        f"all with the password {DEMO_PASSWORD!r}. The resident is on the ESIR track "
        "(2024-07-01 to 2028-06-30) with about 150 synthetic cases, and the first program has "
        "example graduation minimums. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is not allowed here (SELDINGER_ENV=production): "
                "it would create accounts with a published password."
            )
        result = load_demo_data()
        if options["format"] == "json":
            data = {
                "url": DEMO_URL,
                "created": result.created,
                "logins": [vars(login) for login in result.logins],
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        console = Console(file=cast(IO[str], self.stdout), width=100)
        created = ", ".join(f"{name} {count}" for name, count in result.created.items())
        console.print(f"Demo data loaded (created: {created}).")
        table = Table(title="Demo logins", title_justify="left")
        for column in ("Username", "Role", "Password"):
            table.add_column(column)
        for login in result.logins:
            table.add_row(login.username, login.role, login.password)
        console.print(table)
        console.print(f"Open {DEMO_URL} and log in.", highlight=False)


def _demo_work_hours(resident: User) -> None:
    """Two weeks of shifts for the demo resident (the two weeks before this one): a split
    shift (Tuesday, with a lunch break: no false short-rest violation) and one violation,
    a 30-hour in-house call (24+4). Added once, while the resident has no shifts.

    Provided by seldinger.workhours (``services``).
    """
    from seldinger.workhours.models import ShiftEntry
    from seldinger.workhours.services import create_shift

    if ShiftEntry.objects.filter(resident=resident).exists():
        return
    from django.utils import timezone

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 14)
    # (day offset, start, end day offset, end, kind, note)
    week_one = [
        (0, "07:00", 0, "18:00", "clinical", ""),
        (1, "07:00", 1, "12:00", "clinical", "Split shift: morning"),
        (1, "13:00", 1, "18:00", "clinical", "Split shift: afternoon"),
        (2, "07:00", 3, "13:00", "call", "30-hour in-house call"),
        (4, "07:00", 4, "17:00", "clinical", ""),
    ]
    week_two = [
        (7, "07:00", 7, "18:00", "clinical", ""),
        (8, "07:00", 8, "18:00", "clinical", ""),
        (9, "07:00", 9, "17:00", "education", "Didactics"),
        (10, "07:00", 10, "18:00", "clinical", ""),
        (11, "07:00", 11, "15:00", "clinical", ""),
    ]
    for start_day, start, end_day, end, kind, note in week_one + week_two:
        create_shift(
            resident=resident,
            start=timezone.make_aware(
                dt.datetime.combine(
                    monday + dt.timedelta(days=start_day), dt.time.fromisoformat(start)
                )
            ),
            end=timezone.make_aware(
                dt.datetime.combine(monday + dt.timedelta(days=end_day), dt.time.fromisoformat(end))
            ),
            kind=kind,
            note=note,
        )


def _demo_milestones(users: dict[str, User]) -> None:
    """Milestones: the demo faculty assigned to the demo resident; faculty and committee
    (director) evaluations for the two periods before the current one; the resident's
    self-assessment for the latest. Added once, while the resident has no evaluation.

    Provided by seldinger.milestones (``services``).
    """
    from django.utils import timezone

    from seldinger.milestones import milestones as core
    from seldinger.milestones.models import Evaluation
    from seldinger.milestones.selectors import milestone_set
    from seldinger.milestones.services import (
        assign_evaluator,
        save_evaluation,
        save_self_assessment,
    )

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
