"""The demo employer and its synthetic postings, and the community events."""

import json
from io import StringIO

from django.core.management import call_command

from seldinger.accounts.models import Role, User
from seldinger.careers.models import CommunityEvent, JobPosting


def test_demo_adds_the_employer_and_synthetic_postings(db):
    out = StringIO()
    call_command("demo", "--format", "json", stdout=out)
    logins = {row["username"]: row for row in json.loads(out.getvalue())["logins"]}
    employer = User.objects.get(username="employer")
    assert employer.role == Role.EMPLOYER
    assert logins["employer"]["password"] == "seldinger-demo"
    postings = JobPosting.objects.filter(employer=employer)
    assert postings.count() == 8
    assert all(p.is_synthetic and "(synthetic)" in p.title for p in postings)
    assert CommunityEvent.objects.filter(title="IR Residency Spring Practicum").exists()

    call_command("demo", stdout=StringIO())
    assert JobPosting.objects.count() == 8
    assert CommunityEvent.objects.filter(title="IR Residency Spring Practicum").count() == 1
