"""Reads compiled once per process answer as the ORM does, for every set of values."""

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef

from seldinger.accounts.models import User
from seldinger.pathways.models import SavedPlan
from seldinger.prepared_queries import PreparedQuery

PLANS_FROM = PreparedQuery(
    lambda owner_id, first_day: (
        SavedPlan.objects.filter(owner=owner_id, stage_start__gte=first_day)
        .order_by("stage_start")
        .values_list("stage")
    ),
    int,
    dt.date,
)
HAS_PLANS = PreparedQuery(
    lambda user_id: User.objects.filter(pk=user_id).filter(
        Exists(SavedPlan.objects.filter(owner=OuterRef("pk"), owner__pk=user_id))
    ),
    int,
)


@pytest.fixture
def people(db):
    alice = User.objects.create_user("alice", password="x")
    bob = User.objects.create_user("bob", password="x")
    for stage, start in (("pgy-1", "2024-07-01"), ("pgy-2", "2025-07-01")):
        SavedPlan.objects.create(
            owner=alice, stage=stage, stage_start=start, pathway="integrated-ir"
        )
    return alice, bob


def test_the_same_sql_answers_each_person_and_each_date(people, django_assert_num_queries):
    alice, bob = people

    assert PLANS_FROM.rows(alice.pk, dt.date(2024, 1, 1)) == [("pgy-1",), ("pgy-2",)]
    with django_assert_num_queries(1):
        assert PLANS_FROM.rows(alice.pk, dt.date(2025, 1, 1)) == [("pgy-2",)]
    assert PLANS_FROM.rows(alice.pk, dt.date(2026, 1, 1)) == []
    assert PLANS_FROM.rows(bob.pk, dt.date(2024, 1, 1)) == []
    assert HAS_PLANS.exists(alice.pk)
    assert not HAS_PLANS.exists(bob.pk)


def test_a_value_the_sql_does_not_take_as_a_plain_parameter_is_refused(db):
    # A "contains" lookup wraps its value in wildcards: the marker never reaches the SQL as is.
    wrapped = PreparedQuery(
        lambda user_id: User.objects.filter(username__contains=str(user_id)).values_list("pk"),
        int,
    )

    with pytest.raises(ValueError, match="do not reach the SQL as plain values"):
        wrapped.rows(1)
    with pytest.raises(TypeError, match="expected 1 values, got 2"):
        HAS_PLANS.exists(1, 2)
