"""Property-based checks of the match engine (hypothesis).

* Without couples or supplemental lists, every result is stable, passes ``verify_result``
  and is the applicant-optimal matching: the same as the resident-optimal matching of the
  ``matching`` package (a differential check against an independent implementation).
* With couples, supplemental lists (couple members' too) and reversion, a result is either
  stable (the verifier finds no blocking pair) or reported unstable with a reason; it is
  always feasible.
"""

import warnings
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seldinger.match.instance import KINDS
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match
from seldinger.match.verify import verify_result

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(
    draw: st.DrawFn, *, couples: bool = False, extras: bool = False, advanced: bool = False
) -> dict[str, Any]:
    """Small instances; ``extras``: program kinds, supplemental lists and reversion links;
    ``advanced``: besides, mostly advanced and preliminary programs, one of each at least,
    and at least one couple (so that couple members often have supplemental lists)."""
    pids = [f"P{i}" for i in range(draw(st.integers(2 if advanced else 1, 5)))]
    aids = [f"A{i}" for i in range(draw(st.integers(2 if advanced else 0, 9)))]
    kinds = [draw(st.sampled_from(KINDS)) if extras else "categorical" for _ in pids]
    if advanced:
        mostly = st.sampled_from(["advanced", "preliminary", *KINDS])
        kinds = ["advanced", "preliminary", *(draw(mostly) for _ in pids[2:])]
    paired = 2 * draw(st.integers(1 if advanced else 0, len(aids) // 2)) if couples else 0
    members = aids[len(aids) - paired :]

    def some(items: list[Any], at_most: int | None = None, at_least: int = 0) -> list[Any]:
        order = draw(st.permutations(items))
        most = len(items) if at_most is None else min(at_most, len(items))
        return list(order[: draw(st.integers(min(at_least, most), most))])

    programs = []
    for pid, kind in zip(pids, kinds, strict=True):
        program: dict[str, Any] = {
            "id": pid,
            "positions": draw(st.sampled_from([0, 1, 1, 2, 2, 3])),
            "kind": kind,
            "rank_list": some(aids, at_least=len(aids) // 2),
        }
        if extras and len(pids) > 1 and draw(st.booleans()):
            program["reverts_to"] = draw(st.sampled_from([p for p in pids if p != pid]))
        programs.append(program)
    prelims = [p for p, k in zip(pids, kinds, strict=True) if k == "preliminary"]
    applicants = []
    for aid in aids:
        applicant: dict[str, Any] = {"id": aid, "rank_list": [] if aid in members else some(pids)}
        ranked_advanced = [p for p in applicant["rank_list"] if kinds[pids.index(p)] == "advanced"]
        if ranked_advanced and prelims:
            applicant["supplemental"] = {p: some(prelims, at_least=1) for p in ranked_advanced}
        applicants.append(applicant)
    pairs = [(a, b) for a in [*pids, None] for b in [*pids, None] if (a, b) != (None, None)]
    couple_list = [
        {
            "members": [members[i], members[i + 1]],
            "rank_list": [list(pair) for pair in some(pairs, at_most=6)],
        }
        for i in range(0, len(members), 2)
    ]
    # Couple members sometimes have supplemental lists of their own, for the advanced
    # programs on their side of the couple's pairs.
    for couple in couple_list:
        for slot, member in enumerate(couple["members"]):
            sides = {pair[slot] for pair in couple["rank_list"]} - {None}
            wanted = [p for p in pids if p in sides and kinds[pids.index(p)] == "advanced"]
            if wanted and prelims and draw(st.booleans()):
                applicants[aids.index(member)]["supplemental"] = {
                    p: some(prelims, at_least=1) for p in wanted
                }
    return {"programs": programs, "applicants": applicants, "couples": couple_list}


def resident_optimal(instance: dict[str, Any]) -> dict[str, str]:
    """The ``matching`` package's resident-optimal matching (mutual ranks only)."""
    from matching.games import HospitalResident
    from matching.games.hospital_resident import _make_players

    capacity = {p["id"]: p["positions"] for p in instance["programs"]}
    ranked_by = {p["id"]: set(p["rank_list"]) for p in instance["programs"]}
    ranks = {a["id"]: set(a["rank_list"]) for a in instance["applicants"]}
    residents = {
        a["id"]: [p for p in a["rank_list"] if a["id"] in ranked_by[p] and capacity[p] > 0]
        for a in instance["applicants"]
    }
    residents = {r: prefs for r, prefs in residents.items() if prefs}
    hospitals = {
        h: [a for a in instance_list if a in residents and h in ranks[a]]
        for h, instance_list in ((p["id"], p["rank_list"]) for p in instance["programs"])
    }
    hospitals = {h: prefs for h, prefs in hospitals.items() if prefs and capacity[h] > 0}
    if not residents or not hospitals:
        return {}
    players, programs = _make_players(residents, hospitals, {h: capacity[h] for h in hospitals})
    game = HospitalResident.__new__(HospitalResident)
    game.residents, game.hospitals, game.clean = players, programs, False
    game._all_residents, game._all_hospitals = players, programs
    game.matching = game.blocking_pairs = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solved = game.solve(optimal="resident")
    return {r.name: h.name for h, matched in solved.items() for r in matched}


@SETTINGS
@given(instances())
def test_without_couples_the_result_is_stable_and_applicant_optimal(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    result = run_match(instance)
    assert result.stable
    assert verify_result(instance, result.as_dict()) == []
    assert set(result.matches) == {a["id"] for a in data["applicants"]}
    assert set(result.unfilled) == {p["id"] for p in data["programs"]}
    ours = {a: p for a, p in result.matches.items() if p is not None}
    assert ours == resident_optimal(data)


@SETTINGS
@given(instances(couples=True, extras=True))
def test_with_couples_a_result_is_stable_or_reported_unstable(data: dict[str, Any]) -> None:
    _stable_or_reported_unstable(data)


@SETTINGS
@given(instances(couples=True, extras=True, advanced=True))
def test_couple_members_with_supplemental_lists_get_a_verified_result(
    data: dict[str, Any],
) -> None:
    _stable_or_reported_unstable(data)


def _stable_or_reported_unstable(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    result = run_match(instance)
    problems = verify_result(instance, result.as_dict())
    # Stable exactly when the verifier finds nothing; otherwise the reason is given, and
    # what the verifier finds are blocking pairs only: the matching is always feasible.
    assert result.stable == (problems == [])
    assert result.stable == (result.stats["blocking_pairs"] == 0)
    assert ("reason" in result.stats) == (not result.stable)
    assert [p for p in problems if not p.startswith(("blocking pair", "..."))] == []
    # Every applicant and program is reported, and the run is reproducible.
    assert set(result.matches) == {a["id"] for a in data["applicants"]}
    assert run_match(parse_instance(data)).as_dict() == result.as_dict()


@SETTINGS
@given(instances(extras=True))
def test_supplemental_matches_belong_to_the_advanced_match(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    result = run_match(instance)
    lists = {a["id"]: a.get("supplemental", {}) for a in data["applicants"]}
    kinds = {p["id"]: p["kind"] for p in data["programs"]}
    # Every supplemental match, checked at once: the applicant holds an advanced program
    # whose supplemental list names the preliminary program.
    held = {
        applicant: (result.matches[applicant], prelim)
        for applicant, prelim in result.supplemental_matches.items()
    }
    assert {
        applicant: (advanced, prelim)
        for applicant, (advanced, prelim) in held.items()
        if advanced is not None
        and kinds[advanced] == "advanced"
        and prelim in lists[applicant].get(advanced, [])
    } == held
