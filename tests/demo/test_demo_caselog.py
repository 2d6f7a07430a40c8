"""The demo data gives the progress pages something to show, once."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.caselog.models import CaseEntry, CaseRequirement
from seldinger.caselog.selectors_progress import trainee_progress

pytestmark = pytest.mark.django_db


def test_demo_resident_has_esir_dates_example_requirements_and_cases():
    call_command("demo", stdout=StringIO())
    counts = (
        CaseEntry.objects.count(),
        CaseRequirement.objects.count(),
        AuditEntry.objects.count(),
    )

    resident = User.objects.get(username="resident")
    membership = ProgramMembership.objects.get(user=resident, kind="trainee")
    assert membership.esir
    assert (membership.start_date, membership.end_date) == (
        dt.date(2024, 7, 1),
        dt.date(2028, 6, 30),
    )
    requirements = CaseRequirement.objects.filter(program=membership.program)
    assert requirements.count() == 3
    assert all(requirement.name.startswith("Example:") for requirement in requirements)
    cases = CaseEntry.objects.filter(trainee=resident)
    assert cases.count() == 150
    assert {case.supervisor.username for case in cases} == {"faculty"}
    statuses = set(cases.values_list("status", flat=True))
    assert statuses == {"verified", "pending"}
    assert cases.filter(performed_on__lt=dt.date(2024, 7, 1)).count() == 0

    call_command("demo", stdout=StringIO())

    after = (CaseEntry.objects.count(), CaseRequirement.objects.count(), AuditEntry.objects.count())
    assert after == counts
    keys = [item["key"] for item in trainee_progress(resident).as_dict()["requirements"]]
    assert keys[0] == "esir-procedures" and len(keys) == 4
