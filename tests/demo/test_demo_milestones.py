"""The demo resident's milestone evaluations and self-assessment."""

import io

import pytest
from django.core.management import call_command

from seldinger.accounts.models import User
from seldinger.milestones.models import Evaluation, EvaluatorAssignment, SelfAssessment

pytestmark = pytest.mark.django_db


def test_demo_adds_milestones_once():
    call_command("demo", stdout=io.StringIO())
    resident = User.objects.get(username="resident")
    assert EvaluatorAssignment.objects.filter(resident=resident).count() == 1
    evaluations = Evaluation.objects.filter(resident=resident)
    assert evaluations.count() == 4 and all(e.is_submitted for e in evaluations)
    assert {e.kind for e in evaluations} == {"faculty", "ccc"}
    assert len(evaluations[0].ratings) == 31
    assert SelfAssessment.objects.filter(resident=resident).count() == 1
    call_command("demo", stdout=io.StringIO())
    assert Evaluation.objects.filter(resident=resident).count() == 4
