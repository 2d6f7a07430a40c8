"""``load_demo_data``: the two demo programs, one user per role, and every context's demo data.

Each context's part lives in the module named after its app; each adds only
what is missing, so loading twice changes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from seldinger.accounts.appointments import appoint
from seldinger.accounts.models import Role, User
from seldinger.accounts.selectors import Kind
from seldinger.demo.applications import load_demo_applications
from seldinger.demo.careers import load_demo_events, load_demo_postings
from seldinger.demo.caselog import load_demo_progress
from seldinger.demo.certification import load_demo_certification
from seldinger.demo.credentials import load_demo_credentials
from seldinger.demo.milestones import load_demo_milestones
from seldinger.demo.pathways import load_demo_plan, load_demo_training
from seldinger.demo.programs import load_demo_directory
from seldinger.demo.scholarship import load_demo_scholarship
from seldinger.demo.workhours import load_demo_shifts
from seldinger.programs.models import Program

DEMO_PASSWORD = "seldinger-demo"
DEMO_URL = "http://127.0.0.1:8000/"


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
        result.created["users"] += created
        result.logins.append(_login(user, new=created))
        users[username] = user

        if membership is not None:
            program_index, kind, start_date = membership
            result.created["memberships"] += appoint(
                user=user, program=programs[program_index], kind=kind, start_date=start_date
            )

    result.created["plans"] += load_demo_plan(users["student"])
    load_demo_progress(programs[0], users)
    load_demo_training(users)
    result.created["programs"] += load_demo_directory()
    _applications_and_rank_lists(users, result)
    load_demo_postings(users["employer"])
    load_demo_events()
    load_demo_credentials(users["diplomate"])
    load_demo_certification(users["diplomate"])
    load_demo_milestones(users)
    load_demo_shifts(users["resident"])
    load_demo_scholarship(users)
    return result


def _login(user: User, *, new: bool = False) -> DemoLogin:
    # An account that was already there keeps its password; say so if it differs.
    known = new or user.check_password(DEMO_PASSWORD)
    password = DEMO_PASSWORD if known else "(not the demo password)"
    return DemoLogin(user.username, user.get_role_display(), password)


def _applications_and_rank_lists(users: dict[str, User], result: DemoResult) -> None:
    """The student's tracker and rank list, a second student, and the director's rank list.

    Added once, on the demo programs with positions in the match.
    """
    created = load_demo_applications(users, password=DEMO_PASSWORD)
    for user in created:
        result.created["users"] += 1
        users[user.username] = user
    student2 = User.objects.filter(username="student2").first()
    if student2 is not None:
        result.logins.append(_login(student2))
