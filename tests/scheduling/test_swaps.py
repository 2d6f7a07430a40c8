"""Swap requests: a resident asks to trade call shifts with another; the work-hour checker
looks at both residents' schedules after the trade; the director or coordinator approves
(a new version with the shifts traded) or declines. Audited."""

import pytest
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.errors import Forbidden, Invalid
from seldinger.scheduling.models import SwapRequest
from seldinger.scheduling.services import decide_swap, publish_schedule, request_swap

pytestmark = pytest.mark.django_db


def _call(version, username, day):
    return next(
        shift
        for shift in version.shifts.filter(resident__username=username, kind="call")
        if timezone.localtime(shift.start).day == day
    )


def test_a_swap_that_breaks_24_plus_4_says_so(published, ann):
    # Ben would take Ann's Monday night and go on to his 07:00-23:00 Tuesday: 30 hours.
    swap = request_swap(ann, _call(published, "ann", 6), _call(published, "ben", 8))
    assert swap.status == SwapRequest.Status.PENDING
    assert [(v["rule"], v["resident"]) for v in swap.violations] == [("24+4", "ben")]


def test_a_clean_swap_is_approved_into_a_new_version(published, ann, ben, coordinator):
    give, take = _call(published, "ann", 10), _call(published, "ben", 8)
    swap = request_swap(ann, give, take, "Family wedding on Friday")
    assert swap.violations == []
    decided = decide_swap(coordinator, swap, approve=True)
    assert decided.status == SwapRequest.Status.APPROVED
    new = decided.result
    assert new.number == 2
    assert new.note == "Swap: ann and ben trade night 10 Apr and night 8 Apr."
    assert [
        timezone.localtime(s.start).day for s in new.shifts.filter(resident=ann, kind="call")
    ] == [6, 8]
    assert [
        timezone.localtime(s.start).day for s in new.shifts.filter(resident=ben, kind="call")
    ] == [10, 12]
    # The published version stays as it was.
    assert [
        timezone.localtime(s.start).day for s in published.shifts.filter(resident=ann, kind="call")
    ] == [6, 10]
    actions = list(
        AuditEntry.objects.filter(record_type="scheduling.SwapRequest")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [("create", ann.pk), ("update", coordinator.pk)]


def test_a_declined_swap_changes_nothing(published, ann, director):
    swap = request_swap(ann, _call(published, "ann", 6), _call(published, "ben", 8))
    decide_swap(director, swap, approve=False)
    swap.refresh_from_db()
    assert (swap.status, swap.result) == (SwapRequest.Status.DECLINED, None)
    assert published.program.schedule_versions.count() == 1
    with pytest.raises(Invalid, match="already declined"):
        decide_swap(director, swap, approve=True)


def test_a_resident_offers_only_their_own_call(published, ann, ben):
    with pytest.raises(Forbidden):
        request_swap(ann, _call(published, "ben", 8), _call(published, "ann", 6))
    rotation_day = published.shifts.get(resident=ben, name="ICU")
    with pytest.raises(Invalid, match="Only call shifts"):
        request_swap(ann, _call(published, "ann", 6), rotation_day)


def test_residents_do_not_decide_swaps(published, ann, ben):
    swap = request_swap(ann, _call(published, "ann", 10), _call(published, "ben", 8))
    with pytest.raises(Forbidden):
        decide_swap(ben, swap, approve=True)


def test_a_swap_asked_on_an_old_version_cannot_be_approved(
    published, ann, director, schedule, names
):
    swap = request_swap(ann, _call(published, "ann", 10), _call(published, "ben", 8))
    publish_schedule(published.program, schedule, director, residents=names)
    with pytest.raises(Invalid, match="newer schedule"):
        decide_swap(director, swap, approve=True)


def test_on_the_web_a_resident_asks_and_the_coordinator_approves(
    client, program, published, ann, ben, coordinator
):
    give, take = _call(published, "ann", 6), _call(published, "ben", 8)
    client.force_login(ann)
    page = client.get(f"/schedule/{program.pk}/swaps/").content.decode()
    assert f'value="{give.pk}"' in page and f'value="{take.pk}"' in page
    response = client.post(
        f"/schedule/{program.pk}/swaps/", {"give": give.pk, "take": take.pk}, follow=True
    )
    html = response.content.decode()
    assert "the work-hour check finds 1 violation(s)" in html
    assert "<strong>24+4</strong> (ben)" in html
    swap = SwapRequest.objects.get()
    # Ann cannot approve her own request.
    assert (
        client.post(
            f"/schedule/{program.pk}/swaps/{swap.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 403
    )
    client.force_login(coordinator)
    html = client.get(f"/schedule/{program.pk}/swaps/").content.decode()
    assert 'value="approve"' in html
    response = client.post(
        f"/schedule/{program.pk}/swaps/{swap.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert "Swap approved: a new version is published." in response.content.decode()
    swap.refresh_from_db()
    assert swap.result.number == 2


def test_ben_sees_the_swap_offered_to_him_but_another_programs_resident_does_not(
    client, program, published, ann, ben, other_resident
):
    swap = request_swap(ann, _call(published, "ann", 10), _call(published, "ben", 8))
    client.force_login(ben)
    assert f'data-swap="{swap.pk}"' in client.get(f"/schedule/{program.pk}/swaps/").content.decode()
    client.force_login(other_resident)
    assert client.get(f"/schedule/{program.pk}/swaps/").status_code == 404
    assert (
        client.post(
            f"/schedule/{program.pk}/swaps/{swap.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 404
    )
