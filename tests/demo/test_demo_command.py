"""``seldinger demo``: a login per role, synthetic programs, idempotent, refused in production."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role, User
from seldinger.audit.models import AuditEntry
from seldinger.pathways.selectors import plans_of
from seldinger.programs.models import Program

DEMO_PASSWORD = "seldinger-demo"
ROLES = {
    "student": Role.STUDENT,
    "resident": Role.RESIDENT,
    "faculty": Role.FACULTY,
    "coordinator": Role.COORDINATOR,
    "director": Role.DIRECTOR,
    "diplomate": Role.DIPLOMATE,
    "admin": Role.ADMIN,
    "resident2": Role.RESIDENT,
}


def run_demo(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Program, ProgramMembership, AuditEntry)
    }


def test_demo_creates_a_login_for_every_role(db):
    output = run_demo()

    for username, role in ROLES.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD)
        assert username in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/" in output
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser


def test_demo_programs_are_synthetic_and_memberships_separate_them(db):
    run_demo()

    programs = list(Program.objects.order_by("acgme_id"))
    first, second = programs[:2]
    assert (first.acgme_id, second.acgme_id) == ("DEMO-0001", "DEMO-0002")
    members = {(m.user.username, m.program, m.kind) for m in ProgramMembership.objects.all()}
    assert members == {
        ("resident", first, ProgramMembership.Kind.TRAINEE),
        ("faculty", first, ProgramMembership.Kind.FACULTY),
        ("coordinator", first, ProgramMembership.Kind.COORDINATOR),
        ("director", first, ProgramMembership.Kind.DIRECTOR),
        ("resident2", second, ProgramMembership.Kind.TRAINEE),
    }


def test_demo_is_idempotent(db):
    run_demo()
    first = counts()
    User.objects.filter(username="director").update(first_name="Changed")

    output = run_demo("--format", "json")

    assert counts() == first
    assert json.loads(output)["created"] == {
        "programs": 0,
        "users": 0,
        "memberships": 0,
        "plans": 0,
    }
    assert User.objects.get(username="director").first_name == "Changed"


def test_demo_keeps_an_existing_users_password_and_says_so(db):
    User.objects.create_user(username="faculty", password="my-own-password", role=Role.FACULTY)

    logins = {row["username"]: row for row in json.loads(run_demo("--format", "json"))["logins"]}

    assert logins["faculty"]["password"] == "(not the demo password)"
    assert logins["resident"]["password"] == DEMO_PASSWORD
    assert User.objects.get(username="faculty").check_password("my-own-password")


def test_demo_gives_the_student_one_saved_plan(db):
    run_demo()
    run_demo()

    plans = plans_of(User.objects.get(username="student"))
    assert plans.count() == 1
    plan = plans.get()
    assert (plan.stage, plan.pathway, plan.title) == ("ms1", "integrated-ir", "My IR plan")


def test_demo_is_refused_when_demo_data_is_not_allowed(db, settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(CommandError, match="not allowed"):
        run_demo()

    assert not User.objects.exists()
    assert not Program.objects.exists()
