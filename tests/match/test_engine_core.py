"""The match engine on small hand-made instances: plain deferred acceptance, supplemental
lists, couples (one partner with "no match"), reversion, instances without a stable
matching, and the verifier."""

import copy
import json
from typing import Any

import pytest

from seldinger.match.generator import generate_instance
from seldinger.match.instance import MatchResult
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match
from seldinger.match.verify import verify_result


def _run(data: dict[str, Any]) -> tuple[MatchResult, list[str]]:
    instance = parse_instance(data)
    result = run_match(instance)
    return result, verify_result(instance, result.as_dict())


def _program(pid: str, positions: int, ranks: list[str], **extra: Any) -> dict[str, Any]:
    return {"id": pid, "positions": positions, "rank_list": ranks, **extra}


def _applicant(aid: str, ranks: list[str], **extra: Any) -> dict[str, Any]:
    return {"id": aid, "rank_list": ranks, **extra}


# -- plain deferred acceptance -------------------------------------------------------------


def test_applicants_get_the_applicant_optimal_stable_matching() -> None:
    # Two stable matchings exist; applicant-proposing gives each applicant their first choice.
    result, problems = _run(
        {
            "programs": [_program("X", 1, ["b", "a"]), _program("Y", 1, ["a", "b"])],
            "applicants": [_applicant("a", ["X", "Y"]), _applicant("b", ["Y", "X"])],
        }
    )
    assert result.matches == {"a": "X", "b": "Y"}
    assert result.stable and problems == []
    assert result.unfilled == {"X": 0, "Y": 0}


def test_only_mutually_ranked_pairs_match() -> None:
    result, problems = _run(
        {
            "programs": [_program("X", 2, ["b"]), _program("Y", 1, [])],
            "applicants": [_applicant("a", ["X", "Y"]), _applicant("b", ["Y", "X"])],
        }
    )
    assert result.matches == {"a": None, "b": "X"}
    assert result.unfilled == {"X": 1, "Y": 1}
    assert problems == []


def test_the_result_shape_is_the_cli_json() -> None:
    result, _ = _run(
        {
            "programs": [_program("X", 1, ["a"]), _program("Z", 0, [])],
            "applicants": [_applicant("a", ["X"]), _applicant("idle", [])],
        }
    )
    data = result.as_dict()
    assert list(data) == ["matches", "supplemental_matches", "unfilled", "stable", "stats"]
    assert data["matches"] == {"a": "X", "idle": None}
    assert data["unfilled"] == {"X": 0, "Z": 0}
    assert json.loads(json.dumps(data)) == data
    stats = data["stats"]
    assert stats["applicants"] == 2 and stats["matched"] == 1 and stats["blocking_pairs"] == 0
    assert stats["attempts"] == 1 and stats["reversions"] == []


# -- supplemental lists --------------------------------------------------------------------


def _supplemental_instance() -> dict[str, Any]:
    return {
        "programs": [
            _program("ADV", 1, ["s1", "s2", "s3"], kind="advanced"),
            _program("PRE1", 1, ["s2", "s1"], kind="preliminary"),
            _program("PRE2", 1, ["s1"], kind="preliminary"),
            _program("PRE3", 1, ["s3"], kind="preliminary"),
        ],
        "applicants": [
            _applicant("s1", ["ADV"], supplemental={"ADV": ["PRE1", "PRE2"]}),
            _applicant("s2", ["ADV", "PRE1"], supplemental={"ADV": ["PRE1"]}),
            _applicant("s3", ["ADV"], supplemental={"ADV": ["PRE3"]}),
        ],
    }


def test_an_applicant_matched_to_an_advanced_program_uses_its_supplemental_list() -> None:
    result, problems = _run(_supplemental_instance())
    assert result.matches == {"s1": "ADV", "s2": "PRE1", "s3": None}
    # PRE1 prefers s2 (through their primary list), so s1 goes on to PRE2.
    assert result.supplemental_matches == {"s1": "PRE2"}
    # s3 did not match the advanced program: their supplemental list is not used.
    assert result.unfilled == {"ADV": 0, "PRE1": 0, "PRE2": 0, "PRE3": 1}
    assert result.stable and problems == []
    assert result.stats["supplemental_matched"] == 1


def test_losing_the_advanced_position_gives_up_the_preliminary_one() -> None:
    data = {
        "programs": [
            _program("ADV", 1, ["b", "a"], kind="advanced"),
            _program("PRE", 1, ["a", "c"], kind="preliminary"),
        ],
        "applicants": [
            _applicant("a", ["ADV"], supplemental={"ADV": ["PRE"]}),
            _applicant("c", ["PRE"]),
            _applicant("b", ["ADV"]),
        ],
    }
    result, problems = _run(data)
    # a holds ADV and PRE (turning c away) until b takes ADV; PRE goes back to c.
    assert result.matches == {"a": None, "c": "PRE", "b": "ADV"}
    assert result.supplemental_matches == {}
    assert result.stats["reapplications"] >= 1
    assert result.stable and problems == []


def test_supplemental_lists_can_leave_no_stable_matching() -> None:
    # a wants ADV with PRE as its first year; b prefers PRE but takes ADV; ADV prefers b and
    # PRE prefers a: every matching has a blocking pair.
    data = {
        "programs": [
            _program("ADV", 1, ["b", "a"], kind="advanced"),
            _program("PRE", 1, ["a", "b"], kind="preliminary"),
        ],
        "applicants": [
            _applicant("a", ["ADV"], supplemental={"ADV": ["PRE"]}),
            _applicant("b", ["PRE", "ADV"]),
        ],
    }
    result, problems = _run(data)
    assert result.stable is False
    assert "no stable matching reached" in result.stats["reason"]
    assert problems and all(p.startswith("blocking pair") for p in problems)


# -- couples -------------------------------------------------------------------------------


def test_a_couple_is_matched_only_to_a_pair_where_both_are_accepted() -> None:
    data = {
        "programs": [
            _program("H1", 1, ["m1"]),
            _program("H2", 1, ["s", "m2"]),
            _program("H3", 1, ["m1"]),
            _program("H4", 1, ["m2"]),
        ],
        "applicants": [_applicant("s", ["H2"]), _applicant("m1", []), _applicant("m2", [])],
        "couples": [{"members": ["m1", "m2"], "rank_list": [["H1", "H2"], ["H3", "H4"]]}],
    }
    result, problems = _run(data)
    # H1 would take m1, but H2 prefers s: the couple goes on to (H3, H4).
    assert result.matches == {"s": "H2", "m1": "H3", "m2": "H4"}
    assert result.unfilled == {"H1": 1, "H2": 0, "H3": 0, "H4": 0}
    assert result.stable and problems == []


def test_a_displaced_partner_withdraws_the_other_and_no_match_is_a_choice() -> None:
    data = {
        "programs": [
            _program("H1", 2, ["m1", "k2"]),
            _program("H2", 1, ["k1", "m2"]),
            _program("H3", 1, ["m1"]),
        ],
        "applicants": [
            _applicant("m1", []),
            _applicant("m2", []),
            _applicant("k1", []),
            _applicant("k2", []),
        ],
        "couples": [
            # (H3, no match): m1 takes H3 and m2 goes unmatched rather than anywhere else.
            {"members": ["m1", "m2"], "rank_list": [["H1", "H2"], ["H3", None]]},
            {"members": ["k1", "k2"], "rank_list": [["H2", "H1"]]},
        ],
    }
    result, problems = _run(data)
    # m1, m2 hold (H1, H2) until k1 takes H2; m1 is withdrawn from H1 and the couple goes on.
    assert result.matches == {"m1": "H3", "m2": None, "k1": "H2", "k2": "H1"}
    assert result.unfilled == {"H1": 1, "H2": 0, "H3": 0}
    assert result.stable and problems == []
    assert result.stats["couples_matched"] == 2


def test_both_partners_at_one_program_need_two_seats_it_would_give() -> None:
    data = {
        "programs": [_program("H", 2, ["s", "m1", "m2"]), _program("G", 2, ["m1", "m2"])],
        "applicants": [_applicant("s", ["H"]), _applicant("m1", []), _applicant("m2", [])],
        "couples": [{"members": ["m1", "m2"], "rank_list": [["H", "H"], ["G", "G"]]}],
    }
    result, problems = _run(data)
    assert result.matches == {"s": "H", "m1": "G", "m2": "G"}
    assert result.stable and problems == []


def test_couples_without_a_stable_matching_are_reported_and_the_run_ends() -> None:
    # Roth (1984): couple (m1, m2) wants only (h1, h2); single s ranks h1 then h2; h1
    # prefers m1 to s and h2 prefers s to m2. Every matching has a blocking pair.
    data = {
        "programs": [_program("h1", 1, ["m1", "s"]), _program("h2", 1, ["s", "m2"])],
        "applicants": [_applicant("s", ["h1", "h2"]), _applicant("m1", []), _applicant("m2", [])],
        "couples": [{"members": ["m1", "m2"], "rank_list": [["h1", "h2"]]}],
    }
    result, problems = _run(data)
    assert result.stable is False
    stats = result.stats
    assert stats["attempts"] == 3
    assert stats["blocking_pairs"] >= 1
    assert "no stable matching reached in 3 attempts" in stats["reason"]
    assert "a cycle" in stats["reason"]
    assert stats["blocking_examples"]
    # The matching itself is feasible: the only problems are blocking pairs.
    assert problems and all(p.startswith("blocking pair") for p in problems)


# -- reversion -----------------------------------------------------------------------------


def _reversion_instance() -> dict[str, Any]:
    return {
        "programs": [
            _program("CAT", 1, ["y", "z", "x"]),
            _program("PRE", 2, ["x"], kind="preliminary", reverts_to="CAT"),
        ],
        "applicants": [
            _applicant("y", ["CAT"]),
            _applicant("z", ["CAT"]),
            _applicant("x", ["PRE"]),
        ],
    }


def test_unfilled_positions_revert_and_the_match_goes_on() -> None:
    result, problems = _run(_reversion_instance())
    # PRE fills one of two positions; the other reverts to CAT, which then takes z.
    assert result.matches == {"y": "CAT", "z": "CAT", "x": "PRE"}
    assert result.unfilled == {"CAT": 0, "PRE": 0}
    assert result.stats["reversions"] == [{"from": "PRE", "to": "CAT", "positions": 1}]
    assert result.stable and problems == []


def test_verifying_a_reverted_result_needs_the_reversions() -> None:
    instance = parse_instance(_reversion_instance())
    data = run_match(instance).as_dict()
    data["stats"] = {}
    problems = verify_result(instance, data)
    assert "program 'CAT' holds 2 applicants for 1 position" in problems
    data["stats"] = {"reversions": [{"from": "CAT", "to": "PRE", "positions": 1}]}
    assert any("does not revert to" in p for p in verify_result(instance, data))


def test_a_program_reverts_once_even_in_a_cycle_of_links() -> None:
    data = {
        "programs": [
            _program("A", 2, ["a"], reverts_to="B"),
            _program("B", 1, [], reverts_to="A"),
        ],
        "applicants": [_applicant("a", ["A"])],
    }
    result, problems = _run(data)
    assert result.stats["reversions"] == [
        {"from": "A", "to": "B", "positions": 1},
        {"from": "B", "to": "A", "positions": 1},
    ]
    assert result.unfilled == {"A": 1, "B": 1}
    assert problems == []


# -- the verifier --------------------------------------------------------------------------


def _checked(change: Any) -> list[str]:
    data = _supplemental_instance()
    instance = parse_instance(data)
    result = copy.deepcopy(run_match(instance).as_dict())
    change(result)
    return verify_result(instance, result)


def test_a_valid_result_verifies() -> None:
    assert _checked(lambda r: None) == []


def test_the_verifier_finds_over_capacity_and_unranked_matches() -> None:
    def crowd(result: dict[str, Any]) -> None:
        result["matches"]["s3"] = "ADV"

    problems = _checked(crowd)
    assert "program 'ADV' holds 2 applicants for 1 position" in problems
    assert any(p.startswith("unfilled['PRE3']") for p in problems) is False

    def unranked(result: dict[str, Any]) -> None:
        result["matches"]["s3"] = "PRE2"

    problems = _checked(unranked)
    assert "applicant 's3' is matched to 'PRE2', which does not rank them" in problems


def test_the_verifier_checks_supplemental_matches() -> None:
    def stray(result: dict[str, Any]) -> None:
        result["supplemental_matches"]["s2"] = "PRE1"

    problems = _checked(stray)
    assert any("has supplemental match 'PRE1' but no supplemental list" in p for p in problems)

    def off_list(result: dict[str, Any]) -> None:
        result["supplemental_matches"]["s1"] = "PRE3"

    problems = _checked(off_list)
    assert any("not on their supplemental list for 'ADV'" in p for p in problems)
    assert "applicant 's1' has supplemental match 'PRE3', which does not rank them" in problems


def test_the_verifier_finds_blocking_pairs_and_wrong_counts() -> None:
    def worse(result: dict[str, Any]) -> None:
        result["matches"]["s2"] = None
        result["unfilled"]["PRE1"] = 1

    problems = _checked(worse)
    assert any(p.startswith("blocking pair: applicant 's2' and program 'PRE1'") for p in problems)

    def miscount(result: dict[str, Any]) -> None:
        result["unfilled"]["PRE3"] = 0

    assert _checked(miscount) == [
        "unfilled['PRE3']: says 0, but 1 of 1 positions are unfilled",
    ]


def test_the_verifier_wants_every_applicant_and_known_ids() -> None:
    def missing(result: dict[str, Any]) -> None:
        del result["matches"]["s3"]
        result["matches"]["ghost"] = "ADV"

    problems = _checked(missing)
    assert "matches: unknown applicant 'ghost'" in problems
    assert "matches: 1 applicant missing ('s3')" in problems
    assert verify_result(parse_instance(_supplemental_instance()), [])  # type: ignore[arg-type]


def test_the_verifier_checks_a_couples_pair_and_the_stable_claim() -> None:
    data = {
        "programs": [_program("H1", 1, ["m1"]), _program("H2", 1, ["m2"])],
        "applicants": [_applicant("m1", []), _applicant("m2", [])],
        "couples": [{"members": ["m1", "m2"], "rank_list": [["H1", "H2"]]}],
    }
    instance = parse_instance(data)
    result = run_match(instance).as_dict()
    assert verify_result(instance, result) == []
    split = copy.deepcopy(result)
    split["matches"]["m2"] = None
    split["unfilled"]["H2"] = 1
    problems = verify_result(instance, split)
    assert any("which is not a pair on their rank list" in p for p in problems)
    claim = copy.deepcopy(result)
    claim["stable"] = False
    assert verify_result(instance, claim) == [
        "stable: the result says false, but no blocking pair was found"
    ]


# -- the generator -------------------------------------------------------------------------


def test_the_generator_is_seeded_and_realistic() -> None:
    first = generate_instance(applicants=400, seed=7, couples=10)
    assert first == generate_instance(applicants=400, seed=7, couples=10)
    assert first != generate_instance(applicants=400, seed=8, couples=10)
    instance = parse_instance(first)  # valid: ids, kinds, supplemental lists, couples
    assert len(instance.applicant_ids) == 400 and len(instance.couples) == 10
    singles = [lst for a, lst in enumerate(instance.applicant_lists) if instance.couple_of[a] < 0]
    assert all(1 <= len(lst) <= 18 for lst in singles)
    # Most rank 10-15 (a few pools, e.g. physician-only programs, are smaller at this size).
    assert sum(1 for lst in singles if len(lst) >= 10) > 0.8 * len(singles)
    assert instance.supplemental, "some applicants rank advanced programs with supplemental lists"
    assert set(instance.kinds) >= {"categorical", "advanced", "preliminary"}
    result = run_match(instance)
    assert result.stable
    assert 0.7 < result.stats["matched"] / 400 < 0.95


def test_the_generator_refuses_impossible_requests() -> None:
    with pytest.raises(ValueError, match="couples"):
        generate_instance(applicants=10, seed=1, couples=6)
    with pytest.raises(ValueError, match="applicants"):
        generate_instance(applicants=0, seed=1)
