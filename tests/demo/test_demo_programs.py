"""``seldinger demo`` fills the directory with clearly synthetic programs, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.demo.programs import DEMO_DIRECTORY, DEMO_PROFILES
from seldinger.programs import services
from seldinger.programs.models import Program

pytestmark = pytest.mark.django_db

FICTIONAL_CITIES = {
    "Guidewire Falls",
    "Sheath Harbor",
    *(city for _, _, _, city, _, _ in DEMO_DIRECTORY),
}


def run_demo():
    call_command("demo", stdout=StringIO())


def snapshot():
    return {p.acgme_id: p.as_record() for p in Program.objects.all()}


def test_demo_directory_is_synthetic_and_covers_every_kind(client):
    run_demo()

    programs = list(Program.objects.all())
    assert len(programs) == 14
    for program in programs:
        assert program.is_synthetic
        assert program.acgme_id.startswith("DEMO-")
        assert program.name.startswith("Demo ") and program.name.endswith("(synthetic)")
        assert program.city in FICTIONAL_CITIES
        assert program.full_clean() is None  # valid by the model's own rules
        assert program.contact_email.endswith(".invalid")
    assert {program.kind for program in programs} == set(Program.Kind.values)

    html = client.get(reverse("programs:directory")).content.decode()
    assert html.count('class="synthetic-badge"') == len(programs)


def test_demo_fills_the_two_original_programs_profiles():
    run_demo()

    assert set(DEMO_PROFILES) == {"DEMO-0001", "DEMO-0002"}
    for acgme_id, profile in DEMO_PROFILES.items():
        program = Program.objects.get(acgme_id=acgme_id)
        assert program.accreditation_status == profile["accreditation_status"]
        assert program.annual_case_volume == profile["annual_case_volume"]
        assert program.positions_total > 0
    assert Program.objects.get(acgme_id="DEMO-0001").kind == Program.Kind.INTEGRATED_IR
    assert Program.objects.get(acgme_id="DEMO-0002").kind == Program.Kind.INDEPENDENT_IR


def test_demo_is_idempotent_and_keeps_a_directors_edits():
    run_demo()
    first = snapshot()
    audits = AuditEntry.objects.count()

    run_demo()
    assert snapshot() == first
    assert AuditEntry.objects.count() == audits

    director = User.objects.get(username="director")
    program = Program.objects.get(acgme_id="DEMO-0001")
    services.update_profile(actor=director, program=program, changes={"faculty_count": 99})
    run_demo()
    assert Program.objects.get(acgme_id="DEMO-0001").faculty_count == 99


def test_demo_director_may_edit_only_the_first_demo_program(client):
    run_demo()
    client.force_login(User.objects.get(username="director"))

    assert client.get(reverse("programs:edit", args=["DEMO-0001"])).status_code == 200
    assert client.get(reverse("programs:edit", args=["DEMO-0002"])).status_code == 403
    assert client.get(reverse("programs:edit", args=["DEMO-0005"])).status_code == 403
