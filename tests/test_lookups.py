"""One record or 404, and a person's own records, as every app's selectors ask them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from seldinger.accounts.models import User
from seldinger.errors import NotFound
from seldinger.lookups import one_or_404, one_or_refuse, owned_by
from seldinger.pathways.models import SavedPlan


@pytest.fixture
def plans(db):
    alice = User.objects.create_user("alice", password="x")
    bob = User.objects.create_user("bob", password="x")
    own = SavedPlan.objects.create(
        owner=alice, stage="pgy-1", stage_start="2025-07-01", pathway="integrated-ir"
    )
    other = SavedPlan.objects.create(
        owner=bob, stage="pgy-1", stage_start="2025-07-01", pathway="integrated-ir"
    )
    return alice, own, other


def test_a_person_sees_only_their_own_records(plans):
    alice, own, _ = plans

    assert list(owned_by(SavedPlan, alice)) == [own]
    assert not owned_by(SavedPlan, AnonymousUser()).exists()
    assert not owned_by(SavedPlan, None).exists()


def test_another_persons_record_and_a_missing_one_get_the_same_404(plans):
    alice, own, other = plans
    mine = owned_by(SavedPlan, alice)

    assert one_or_404(mine, "No such saved plan.", pk=own.pk) == own
    with pytest.raises(Http404, match=r"^No such saved plan\.$"):
        one_or_404(mine, "No such saved plan.", pk=other.pk)
    with pytest.raises(Http404, match=r"^No such saved plan\.$"):
        one_or_404(mine, "No such saved plan.", pk=other.pk + 100)


def test_an_inactive_account_owns_nothing(plans):
    alice, _, _ = plans
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert not owned_by(SavedPlan, alice).exists()


def test_a_refusal_of_the_callers_choice_is_raised_for_a_record_not_found(plans):
    alice, own, other = plans
    mine = owned_by(SavedPlan, alice)

    assert one_or_refuse(mine, NotFound("No such plan."), pk=own.pk) == own
    with pytest.raises(NotFound, match=r"^No such plan\.$"):
        one_or_refuse(mine, NotFound("No such plan."), pk=other.pk)
