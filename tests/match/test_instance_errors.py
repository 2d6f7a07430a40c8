"""Malformed instances are refused with a message naming what is wrong and where."""

import copy
from typing import Any

import pytest

from seldinger.match.instance import InstanceError
from seldinger.match.parse import parse_instance


def _valid() -> dict[str, Any]:
    return {
        "programs": [
            {"id": "CAT", "positions": 2, "rank_list": ["A1", "A2", "C1"]},
            {"id": "ADV", "positions": 1, "kind": "advanced", "rank_list": ["A1", "C2"]},
            {"id": "PRE", "positions": 1, "kind": "preliminary", "rank_list": ["A1", "A2"]},
        ],
        "applicants": [
            {"id": "A1", "rank_list": ["ADV", "CAT"], "supplemental": {"ADV": ["PRE"]}},
            {"id": "A2", "rank_list": ["CAT", "PRE"]},
            {"id": "C1", "rank_list": []},
            {"id": "C2", "rank_list": []},
        ],
        "couples": [{"members": ["C1", "C2"], "rank_list": [["CAT", "ADV"], ["CAT", None]]}],
    }


def test_the_valid_instance_parses() -> None:
    instance = parse_instance(_valid())
    assert instance.program_ids == ["CAT", "ADV", "PRE"]
    assert instance.applicant_ids == ["A1", "A2", "C1", "C2"]
    assert instance.kinds == ["categorical", "advanced", "preliminary"]
    assert instance.couple_lists == [[(0, 1), (0, -1)]]
    assert instance.supplemental == {0: {1: [2]}}


def test_optional_parts_may_be_left_out() -> None:
    instance = parse_instance(
        {"programs": [{"id": "P", "positions": 1}], "applicants": [{"id": "A"}]}
    )
    assert instance.kinds == ["categorical"]
    assert instance.couples == []
    assert instance.applicant_lists == [[]]


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_valid())
    programs, applicants, couples = data["programs"], data["applicants"], data["couples"]
    if change == "unknown program":
        applicants[1]["rank_list"] = ["CAT", "P99"]
    elif change == "unknown applicant":
        programs[0]["rank_list"] = ["A1", "ZZ"]
    elif change == "duplicate program id":
        programs[2]["id"] = "CAT"
    elif change == "duplicate applicant id":
        applicants[1]["id"] = "A1"
    elif change == "negative positions":
        programs[1]["positions"] = -1
    elif change == "positions not a number":
        programs[1]["positions"] = "two"
    elif change == "unknown kind":
        programs[1]["kind"] = "fellowship"
    elif change == "program ranked twice":
        applicants[1]["rank_list"] = ["CAT", "PRE", "CAT"]
    elif change == "couple member with own list":
        applicants[2]["rank_list"] = ["CAT"]
    elif change == "supplemental names a categorical program":
        applicants[0]["supplemental"] = {"ADV": ["PRE", "CAT"]}
    elif change == "supplemental keyed by a categorical program":
        applicants[0]["supplemental"] = {"CAT": ["PRE"]}
    elif change == "person in two couples":
        couples.append({"members": ["C2", "A2"], "rank_list": [["CAT", "CAT"]]})
        applicants[1]["rank_list"] = []
    elif change == "couple of one":
        couples[0]["members"] = ["C1"]
    elif change == "pair of two nulls":
        couples[0]["rank_list"] = [["CAT", "ADV"], [None, None]]
    elif change == "pair naming an unknown program":
        couples[0]["rank_list"] = [["CAT", "NOPE"]]
    elif change == "reverts to unknown program":
        programs[2]["reverts_to"] = "ELSEWHERE"
    elif change == "rank list not a list":
        applicants[0]["rank_list"] = "ADV"
    elif change == "id not a string":
        applicants[3]["id"] = 7
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown program", "applicants[1].rank_list[1]: unknown program 'P99'"),
        ("unknown applicant", "programs[0].rank_list[1]: unknown applicant 'ZZ'"),
        ("duplicate program id", "programs[2].id: duplicate program id 'CAT'"),
        ("duplicate applicant id", "applicants[1].id: duplicate applicant id 'A1'"),
        ("negative positions", "programs[1].positions: expected a non-negative whole number"),
        ("positions not a number", "programs[1].positions: expected a non-negative whole"),
        ("unknown kind", "programs[1].kind: expected one of categorical, advanced"),
        ("program ranked twice", "applicants[1].rank_list[2]: program 'CAT' listed twice"),
        ("couple member with own list", "couples[0].members[0]: applicant 'C1' is in a couple"),
        (
            "supplemental names a categorical program",
            "applicants[0].supplemental.ADV[1]: 'CAT' is a categorical program; supplemental "
            "lists name preliminary programs",
        ),
        (
            "supplemental keyed by a categorical program",
            "applicants[0].supplemental: 'CAT' is a categorical program",
        ),
        ("person in two couples", "couples[1].members[0]: applicant 'C2' is already in couples[0]"),
        ("couple of one", "couples[0].members: expected two applicant ids, got 1"),
        ("pair of two nulls", "couples[0].rank_list[1]: a pair must name at least one program"),
        ("pair naming an unknown program", "couples[0].rank_list[0][1]: unknown program 'NOPE'"),
        ("reverts to unknown program", "programs[2].reverts_to: unknown program 'ELSEWHERE'"),
        ("rank list not a list", "applicants[0].rank_list: expected a list, got a string"),
        ("id not a string", "applicants[3].id: expected a non-empty string id, got a number"),
    ],
)
def test_malformed_instances_are_refused_with_where_and_what(change: str, message: str) -> None:
    with pytest.raises(InstanceError) as caught:
        parse_instance(_broken(change))
    assert str(caught.value).startswith(message), str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "instance: expected a JSON object, got a list"),
        ("programs", "instance: expected a JSON object, got a string"),
        (None, "instance: expected a JSON object, got null"),
        ({"applicants": []}, "programs: expected a list, got null"),
        ({"programs": [], "applicants": {}}, "applicants: expected a list, got an object"),
        ({"programs": [3], "applicants": []}, "programs[0]: expected an object, got a number"),
        (
            {"programs": [], "applicants": [], "couples": [{"members": "AB"}]},
            "couples[0].members: expected a list, got a string",
        ),
    ],
)
def test_documents_that_are_not_instances(data: Any, message: str) -> None:
    with pytest.raises(InstanceError, match=f"^{message.replace('[', '.').replace(']', '.')}"):
        parse_instance(data)


def test_a_supplemental_list_must_belong_to_a_ranked_advanced_program() -> None:
    data = _valid()
    data["applicants"][1]["supplemental"] = {"ADV": ["PRE"]}
    with pytest.raises(InstanceError, match=r"^applicants\[1\]\.supplemental: 'ADV' is not on"):
        parse_instance(data)


def test_a_program_cannot_revert_to_itself() -> None:
    data = _valid()
    data["programs"][0]["reverts_to"] = "CAT"
    with pytest.raises(InstanceError, match="cannot revert to itself"):
        parse_instance(data)
