"""An applicant's rank order list: add, reorder (buttons, whole order), supplemental lists,
certify and lock; every change audited."""

import datetime as dt

import pytest

from seldinger.applications import selectors, services
from seldinger.applications.models import RankOrderList, SupplementalEntry
from seldinger.applications.services import InvalidChange, ListLocked
from seldinger.audit.models import AuditEntry
from seldinger.match.models import MatchRound

pytestmark = pytest.mark.django_db

API = "/api/applications/rank-list"
MATCH_YEAR = 2027


def tracks_of(user):
    found = selectors.rank_list_of(user, MATCH_YEAR)
    return found.as_record()["tracks"] if found else []


def add(client, track_id):
    return client.post("/applications/rank-list/add/", {"track": track_id})


@pytest.fixture
def three_tracks(ir, other_ir, prelim):
    return [
        f"{ir.acgme_id}:advanced",
        f"{ir.acgme_id}:categorical",
        f"{other_ir.acgme_id}:advanced",
    ]


def test_the_page_offers_only_tracks_with_positions(client, student, ir, other_ir, prelim):
    client.force_login(student)
    page = client.get("/applications/rank-list/").content.decode()
    assert "Rank order list, 2027 match" in page
    assert f'value="{ir.acgme_id}:advanced"' in page
    assert f'value="{ir.acgme_id}:categorical"' in page
    assert f'value="{ir.acgme_id}:physician"' not in page  # no physician positions
    assert f'value="{prelim.acgme_id}:preliminary"' in page
    assert "Certification deadline: March 10, 2027" in page


def test_build_and_reorder_with_buttons(client, student, three_tracks):
    client.force_login(student)
    for track in three_tracks:
        assert add(client, track).status_code == 302
    assert tracks_of(student) == three_tracks
    first = selectors.rank_list_of(student, MATCH_YEAR).entries.first()
    assert (
        client.post(f"/applications/rank-list/{first.pk}/move/", {"direction": "down"}).status_code
        == 302
    )
    assert tracks_of(student) == [three_tracks[1], three_tracks[0], three_tracks[2]]
    client.post(f"/applications/rank-list/{first.pk}/move/", {"direction": "bottom"})
    assert tracks_of(student)[-1] == three_tracks[0]
    client.post(f"/applications/rank-list/{first.pk}/move/", {"direction": "down"})  # already last
    assert tracks_of(student)[-1] == three_tracks[0]
    # A track is listed once.
    add(client, three_tracks[1])
    assert len(tracks_of(student)) == 3
    page = client.get("/applications/rank-list/").content.decode()
    assert 'data-reorder-url="/applications/rank-list/order/"' in page
    assert 'aria-label="Move Test Integrated IR Residency advanced up"' in page


def test_whole_order_from_the_page_script(client, student, three_tracks):
    client.force_login(student)
    for track in three_tracks:
        add(client, track)
    ids = [
        entry.pk for entry in selectors.rank_entries(selectors.rank_list_of(student, MATCH_YEAR))
    ]
    response = client.post("/applications/rank-list/order/", {"order": [ids[2], ids[0], ids[1]]})
    assert response.status_code == 200 and response.json() == {"order": [ids[2], ids[0], ids[1]]}
    assert tracks_of(student) == [three_tracks[2], three_tracks[0], three_tracks[1]]
    # Not a reordering of the same entries: refused, nothing changes.
    assert (
        client.post("/applications/rank-list/order/", {"order": [ids[0], ids[1]]}).status_code
        == 400
    )
    assert client.post("/applications/rank-list/order/", {"order": [ids[0]] * 3}).status_code == 400
    assert tracks_of(student) == [three_tracks[2], three_tracks[0], three_tracks[1]]


def test_every_change_is_audited_with_the_list_before_and_after(client, student, three_tracks):
    client.force_login(student)
    add(client, three_tracks[0])
    add(client, three_tracks[1])
    entry = selectors.rank_list_of(student, MATCH_YEAR).entries.first()
    client.post(f"/applications/rank-list/{entry.pk}/move/", {"direction": "down"})
    entries = AuditEntry.objects.filter(record_type="applications.RankOrderList").order_by("id")
    assert entries.count() == 3
    last = entries.last()
    assert last.actor == student
    assert last.before["tracks"] == three_tracks[:2]
    assert last.after["tracks"] == [three_tracks[1], three_tracks[0]]


def test_supplemental_lists_attach_to_advanced_entries(client, student, ir, prelim, make_program):
    other_prelim = make_program("TEST-0101", name="Test Transitional Year", positions_preliminary=2)
    client.force_login(student)
    add(client, f"{ir.acgme_id}:advanced")
    add(client, f"{ir.acgme_id}:categorical")
    advanced, categorical = selectors.rank_entries(selectors.rank_list_of(student, MATCH_YEAR))
    url = f"/applications/rank-list/{advanced.pk}/supplemental/add/"
    prefix = f"sup{advanced.pk}-track"
    client.post(url, {prefix: f"{prelim.acgme_id}:preliminary"})
    client.post(url, {prefix: f"{other_prelim.acgme_id}:preliminary"})
    record = selectors.rank_list_of(student, MATCH_YEAR).as_record()
    assert record["supplemental"] == {
        f"{ir.acgme_id}:advanced": [
            f"{prelim.acgme_id}:preliminary",
            f"{other_prelim.acgme_id}:preliminary",
        ]
    }
    item = SupplementalEntry.objects.filter(entry=advanced).first()
    client.post(f"/applications/rank-list/supplemental/{item.pk}/move/", {"direction": "down"})
    assert [i.program for i in SupplementalEntry.objects.filter(entry=advanced)] == [
        other_prelim,
        prelim,
    ]
    # Only Advanced entries take one, and only preliminary tracks go on it.
    with pytest.raises(InvalidChange):
        services.add_supplemental(
            actor=student,
            entry=categorical,
            track=selectors.find_track(f"{prelim.acgme_id}:preliminary"),
        )
    with pytest.raises(InvalidChange):
        services.add_supplemental(
            actor=student, entry=advanced, track=selectors.find_track(f"{ir.acgme_id}:categorical")
        )
    client.post(f"/applications/rank-list/supplemental/{item.pk}/remove/")
    assert [i.program for i in SupplementalEntry.objects.filter(entry=advanced)] == [other_prelim]


def test_certify_makes_the_list_read_only_until_uncertified(client, student, three_tracks):
    client.force_login(student)
    add(client, three_tracks[0])
    add(client, three_tracks[1])
    assert client.post("/applications/rank-list/certify/").status_code == 302
    page = client.get("/applications/rank-list/").content.decode()
    assert "Certified" in page and "data-reorder-url" not in page and "Uncertify" in page
    entry = selectors.rank_list_of(student, MATCH_YEAR).entries.first()
    client.post(f"/applications/rank-list/{entry.pk}/move/", {"direction": "down"})
    assert tracks_of(student) == three_tracks[:2]
    assert add(client, three_tracks[2]) and tracks_of(student) == three_tracks[:2]
    ids = [
        entry.pk for entry in selectors.rank_entries(selectors.rank_list_of(student, MATCH_YEAR))
    ]
    assert client.post("/applications/rank-list/order/", {"order": ids[::-1]}).status_code == 409
    client.post("/applications/rank-list/uncertify/")
    client.post(f"/applications/rank-list/{entry.pk}/move/", {"direction": "down"})
    assert tracks_of(student) == [three_tracks[1], three_tracks[0]]


def test_an_empty_list_cannot_be_certified(student, ir):
    rank_list = RankOrderList.objects.create(applicant=student, match_year=MATCH_YEAR)
    with pytest.raises(InvalidChange):
        services.certify(actor=student, container=rank_list)


def test_after_the_deadline_every_list_is_locked(client, student, three_tracks, time_machine):
    client.force_login(student)
    add(client, three_tracks[0])
    client.post("/applications/rank-list/certify/")
    time_machine.move_to(dt.datetime(2027, 3, 11, 12, 0), tick=False)
    client.force_login(student)  # the session from December has expired
    page = client.get("/applications/rank-list/").content.decode()
    assert "Locked (certified)" in page and "has passed" in page and "Uncertify" not in page
    rank_list = selectors.rank_list_of(student, MATCH_YEAR)
    with pytest.raises(ListLocked):
        services.uncertify(actor=student, container=rank_list)
    response = client.post(f"{API}/uncertify")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This list is locked: The certification deadline (March 10, 2027) has passed.",
        "errors": [],
    }


def test_a_final_round_locks_the_year(student, three_tracks, admin_user):
    services.add_track(
        applicant=student, match_year=MATCH_YEAR, track=selectors.find_track(three_tracks[0])
    )
    MatchRound.objects.create(match_year=MATCH_YEAR, practice=True, run_by=admin_user)
    assert selectors.lock_reason(MATCH_YEAR) is None  # practice rounds lock nothing
    MatchRound.objects.create(match_year=MATCH_YEAR, practice=False, run_by=admin_user)
    assert "has been run" in selectors.lock_reason(MATCH_YEAR)
    with pytest.raises(ListLocked):
        services.add_track(
            applicant=student, match_year=MATCH_YEAR, track=selectors.find_track(three_tracks[1])
        )


def test_api_get_put_certify(client, student, three_tracks, prelim):
    client.force_login(student)
    empty = client.get(API).json()
    assert empty["tracks"] == [] and empty["certified"] is False and empty["match_year"] == 2027
    body = {
        "tracks": three_tracks,
        "supplemental": {three_tracks[0]: [f"{prelim.acgme_id}:preliminary"]},
    }
    response = client.put(API, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["tracks"] == three_tracks
    assert response.json()["supplemental"] == body["supplemental"]
    reordered = client.put(API, {"tracks": three_tracks[::-1]}, content_type="application/json")
    assert reordered.json()["tracks"] == three_tracks[::-1]
    for bad in (
        {"tracks": ["NOPE:advanced"]},
        {"tracks": ["TEST-0001:bogus"]},
        {"tracks": [three_tracks[0], three_tracks[0]]},
        {
            "tracks": [three_tracks[1]],
            "supplemental": {three_tracks[1]: [f"{prelim.acgme_id}:preliminary"]},
        },
        {"tracks": [three_tracks[0]], "supplemental": {three_tracks[0]: [three_tracks[2]]}},
    ):
        assert client.put(API, bad, content_type="application/json").status_code == 400, bad
    certified = client.post(f"{API}/certify")
    assert certified.status_code == 200 and certified.json()["certified"] is True
    assert (
        client.put(API, {"tracks": three_tracks}, content_type="application/json").status_code
        == 409
    )
    assert client.post(f"{API}/uncertify").json()["certified"] is False
