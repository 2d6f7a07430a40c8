"""Practice rounds: the platform's rank order lists become an engine instance; the round,
each applicant's outcome and each track's fill are stored."""

import datetime as dt

import pytest

from seldinger.accounts.models import Role
from seldinger.applications import selectors, services
from seldinger.applications.match_lists import match_lists
from seldinger.applications.models import (
    Application,
    Couple,
    ProgramRankOrderList,
    RankOrderList,
)
from seldinger.audit.models import AuditEntry
from seldinger.match import rounds
from seldinger.match.models import MatchOutcome, MatchRound

pytestmark = pytest.mark.django_db

YEAR = 2027


@pytest.fixture(autouse=True)
def _in_season(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 12, 0), tick=False)
    selectors.season.cache_clear()


@pytest.fixture
def world(program, other_program, make_program, make_user, director, other_director_user):
    """Three programs with tracks, three applicants with lists, two programs' lists."""
    program.positions_advanced, program.positions_categorical = 2, 1
    program.save()
    other_program.positions_advanced = 1
    other_program.save()
    prelim = make_program("TEST-0100", name="Test Preliminary Medicine", positions_preliminary=3)
    make_user("prelim_director", Role.DIRECTOR, program=prelim, kind="director")
    a, b, c = (make_user(name, Role.STUDENT) for name in ("ann", "ben", "cat"))
    for applicant in (a, b, c):
        for target in (program, other_program, prelim):
            Application.objects.create(applicant=applicant, program=target, status="interviewed")
    ir_adv, ir_cat = "TEST-0001:advanced", "TEST-0001:categorical"
    other_adv, prelim_track = "TEST-0002:advanced", "TEST-0100:preliminary"
    lists = {
        a: ([ir_adv, other_adv], {ir_adv: [prelim_track]}),
        b: ([ir_adv, other_adv], {}),
        c: ([ir_adv, ir_cat], {}),
    }
    for applicant, (tracks, supplemental) in lists.items():
        services.replace_rank_list(
            applicant=applicant, match_year=YEAR, tracks=tracks, supplemental=supplemental
        )
    program_lists = {
        (program, "advanced", director): ["ann", "ben", "cat"],
        (program, "categorical", director): ["cat"],
        (other_program, "advanced", other_director_user): ["ben", "ann"],
        (prelim, "preliminary", None): ["ann", "ben"],
    }
    for (target, kind, actor), usernames in program_lists.items():
        services.replace_program_list(
            actor=actor or director,
            track=selectors.Track(target, kind, 0),
            match_year=YEAR,
            usernames=usernames,
        )
    return {"program": program, "other": other_program, "prelim": prelim, "people": (a, b, c)}


@pytest.fixture
def other_director_user(make_user, other_program):
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind="director")


def _instance(*, certified_only):
    """The instance JSON a round of YEAR stores."""
    lists = match_lists(match_year=YEAR, certified_only=certified_only)
    return rounds.instance_spec(lists).as_dict()


def certify_everything():
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    RankOrderList.objects.update(certified_at=now)
    ProgramRankOrderList.objects.update(certified_at=now)
    Couple.objects.update(certified_at=now)


def test_the_instance_has_one_engine_program_per_track(world):
    data = _instance(certified_only=False)
    programs = {spec["id"]: spec for spec in data["programs"]}
    assert set(programs) == {
        "TEST-0001:advanced",
        "TEST-0001:categorical",
        "TEST-0002:advanced",
        "TEST-0100:preliminary",
    }
    assert programs["TEST-0001:advanced"] == {
        "id": "TEST-0001:advanced",
        "positions": 2,
        "kind": "advanced",
        "rank_list": ["ann", "ben", "cat"],
    }
    applicants = {spec["id"]: spec for spec in data["applicants"]}
    assert applicants["ann"] == {
        "id": "ann",
        "rank_list": ["TEST-0001:advanced", "TEST-0002:advanced"],
        "supplemental": {"TEST-0001:advanced": ["TEST-0100:preliminary"]},
    }
    assert data["couples"] == []


def test_only_certified_lists_take_part_unless_asked(world):
    data = _instance(certified_only=True)
    assert data["applicants"] == []
    assert {spec["id"]: spec["rank_list"] for spec in data["programs"]} == {
        "TEST-0001:advanced": [],
        "TEST-0001:categorical": [],
        "TEST-0002:advanced": [],
        "TEST-0100:preliminary": [],
    }
    certify_everything()
    data = _instance(certified_only=True)
    assert len(data["applicants"]) == 3


def test_a_practice_round_stores_outcomes_and_fill(world, director):
    match_round = rounds.run_round(actor=director, match_year=YEAR, certified_only=False)
    assert match_round.practice and match_round.stable and match_round.problems == []
    outcomes = {o.applicant.username: o for o in MatchOutcome.objects.filter(round=match_round)}
    assert outcomes["ann"].track_id == "TEST-0001:advanced"
    assert outcomes["ann"].supplemental_program == world["prelim"]
    assert outcomes["ben"].track_id == "TEST-0001:advanced"
    assert outcomes["cat"].track_id == "TEST-0001:categorical"
    fill = {
        result.track_id: (result.filled, result.unfilled) for result in match_round.tracks.all()
    }
    assert fill == {
        "TEST-0001:advanced": (2, 0),
        "TEST-0001:categorical": (1, 0),
        "TEST-0002:advanced": (0, 1),
        "TEST-0100:preliminary": (1, 2),
    }
    entry = AuditEntry.objects.get(record_type="match.MatchRound")
    assert entry.actor == director and entry.after["applicants"] == 3


def test_a_practice_round_locks_nothing_a_final_round_locks_the_year(world, director, admin_user):
    rounds.run_round(actor=director, match_year=YEAR, certified_only=False)
    assert selectors.lock_reason(YEAR) is None
    with pytest.raises(rounds.RoundNotAllowed):
        rounds.run_round(actor=director, match_year=YEAR, practice=False)
    rounds.run_round(actor=admin_user, match_year=YEAR, practice=False)
    assert selectors.lock_reason(YEAR) is not None


def test_students_and_faculty_cannot_run_rounds(world, faculty):
    ann = world["people"][0]
    for user in (ann, faculty):
        with pytest.raises(rounds.RoundNotAllowed):
            rounds.run_round(actor=user, match_year=YEAR)
    assert not MatchRound.objects.exists()


def test_a_couple_matches_as_a_pair(world, make_user, director):
    d, e = make_user("dee", Role.STUDENT), make_user("eve", Role.STUDENT)
    for applicant in (d, e):
        for target in (world["other"], world["prelim"]):
            Application.objects.create(applicant=applicant, program=target, status="applied")
    couple = services.invite_partner(inviter=d, partner_username="eve")
    services.accept_invitation(user=e, couple=couple)
    services.replace_pairs(
        actor=d,
        couple=couple,
        pairs=[["TEST-0002:advanced", "TEST-0100:preliminary"], [None, "TEST-0100:preliminary"]],
    )
    services.replace_program_list(
        actor=world["other"].memberships.get(kind="director").user,
        track=selectors.Track(world["other"], "advanced", 0),
        match_year=YEAR,
        usernames=["dee", "ben", "ann"],
    )
    services.replace_program_list(
        actor=director,
        track=selectors.Track(world["prelim"], "preliminary", 0),
        match_year=YEAR,
        usernames=["ann", "ben", "eve"],
    )
    data = _instance(certified_only=False)
    assert data["couples"] == [
        {
            "members": ["dee", "eve"],
            "rank_list": [
                ["TEST-0002:advanced", "TEST-0100:preliminary"],
                [None, "TEST-0100:preliminary"],
            ],
        }
    ]
    members = [spec for spec in data["applicants"] if spec["id"] in ("dee", "eve")]
    assert [spec["rank_list"] for spec in members] == [[], []]
    match_round = rounds.run_round(actor=director, match_year=YEAR, certified_only=False)
    outcomes = {o.applicant.username: o for o in match_round.outcomes.all()}
    assert outcomes["dee"].track_id == "TEST-0002:advanced" and outcomes["dee"].in_couple
    assert outcomes["eve"].track_id == "TEST-0100:preliminary"


def test_latest_outcome(world, director):
    ann = world["people"][0]
    assert rounds.latest_outcome(ann) is None
    rounds.run_round(actor=director, match_year=YEAR, certified_only=False)
    second = rounds.run_round(actor=director, match_year=YEAR, certified_only=False)
    assert rounds.latest_outcome(ann).round == second
    assert rounds.latest_outcome(ann, 2028) is None
