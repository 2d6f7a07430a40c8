"""Careers fixtures: two employers and a few postings."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from seldinger.accounts.models import Role, User
from seldinger.careers.models import JobPosting


@pytest.fixture
def employer(make_user: Callable[..., User]) -> User:
    return make_user("employer", Role.EMPLOYER)


@pytest.fixture
def other_employer(make_user: Callable[..., User]) -> User:
    return make_user("other_employer", Role.EMPLOYER)


@pytest.fixture
def make_posting(db: None) -> Callable[..., JobPosting]:
    def make(employer: User, **fields: Any) -> JobPosting:
        values: dict[str, Any] = {
            "title": "Interventional Radiologist",
            "organisation": "Test IR Group",
            "setting": JobPosting.Setting.PRIVATE_PRACTICE,
            "subspecialty": JobPosting.Subspecialty.GENERAL,
            "city": "Testville",
            "state": "MN",
            "call": "1 in 6",
            "salary_min": 450000,
            "salary_max": 550000,
            "start_date": dt.date(2027, 7, 1),
            "description": "Full-spectrum IR.",
            "contact": "jobs@example.invalid",
            **fields,
        }
        return JobPosting.objects.create(employer=employer, **values)

    return make


@pytest.fixture
def posting(make_posting: Callable[..., JobPosting], employer: User) -> JobPosting:
    return make_posting(employer)
