"""Records that put something on a person's to-do list."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.caselog.models import CaseEntry
from seldinger.workhours.models import ShiftEntry


def _add_case(trainee, supervisor, *, days_ago, status=CaseEntry.Status.PENDING, key=""):
    return CaseEntry.objects.create(
        trainee=trainee,
        performed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        procedure_key="port-chest",
        category_key="venous-access",
        role="primary",
        supervisor=supervisor,
        modality="fluoroscopy",
        status=status,
        return_comment="Wrong side" if status == CaseEntry.Status.RETURNED else "",
        fingerprint=f"{trainee.pk}-{days_ago}-{status}-{key}",
    )


def _add_30_hour_shift(resident, *, days_ago=10):
    """A 30-hour in-house call: a 24+4 violation."""
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days_ago), dt.time(7))
    )
    return ShiftEntry.objects.create(
        resident=resident, start=start, end=start + dt.timedelta(hours=30), kind="call"
    )


@pytest.fixture
def add_case():
    """``add_case(trainee, supervisor, days_ago=N, status=..., key=...)``."""
    return _add_case


@pytest.fixture
def add_30_hour_shift():
    """``add_30_hour_shift(resident, days_ago=10)``: a 24+4 violation."""
    return _add_30_hour_shift


@pytest.fixture
def resident_with_work(resident, faculty):
    """The resident: one case returned, two waiting 20 days and more, one recent, a violation."""
    _add_case(resident, faculty, days_ago=3, status=CaseEntry.Status.RETURNED)
    _add_case(resident, faculty, days_ago=20)
    _add_case(resident, faculty, days_ago=30)
    _add_case(resident, faculty, days_ago=2)
    _add_30_hour_shift(resident)
    return resident
