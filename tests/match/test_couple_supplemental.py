"""Couple members with supplemental rank lists of their own: a member matched to an advanced
program seeks the PGY-1 year on its supplemental list for that program, and the seat found
there is one of the couple's own seats, which the couple cannot hand to the partner."""

from typing import Any

from seldinger.match.instance import MatchResult
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match
from seldinger.match.verify import verify_result


def _run(data: dict[str, Any]) -> tuple[MatchResult, list[str]]:
    instance = parse_instance(data)
    result = run_match(instance)
    return result, verify_result(instance, result.as_dict())


def _program(pid: str, positions: int, kind: str, ranks: list[str]) -> dict[str, Any]:
    return {"id": pid, "positions": positions, "kind": kind, "rank_list": ranks}


def _applicant(aid: str, **supplemental: list[str]) -> dict[str, Any]:
    return {"id": aid, "rank_list": [], "supplemental": supplemental}


# Three couples whose members have supplemental lists for the advanced program P5 (this
# instance used to stop the engine with "a couple took a seat the program would not give").
THREE_COUPLES: dict[str, Any] = {
    "programs": [
        _program("P0", 1, "physician", ["A2", "A6", "A7", "A8", "A0", "A4", "A1"]),
        {
            **_program("P1", 2, "preliminary", ["A7", "A4", "A2", "A8", "A6", "A5"]),
            "reverts_to": "P2",
        },
        {**_program("P2", 1, "preliminary", ["A0", "A4", "A3", "A6"]), "reverts_to": "P5"},
        _program("P3", 2, "categorical", ["A3", "A1", "A8", "A4", "A0", "A6", "A2", "A7", "A5"]),
        _program("P4", 1, "categorical", ["A6", "A8", "A2", "A3", "A7", "A5"]),
        _program("P5", 2, "advanced", ["A3", "A2", "A1", "A7", "A5", "A0"]),
    ],
    "applicants": [
        {"id": "A0", "rank_list": ["P0", "P5", "P2", "P3"], "supplemental": {"P5": ["P1"]}},
        {"id": "A1", "rank_list": ["P1", "P2", "P3"]},
        {"id": "A2", "rank_list": ["P0", "P1", "P2", "P5"], "supplemental": {"P5": ["P2"]}},
        _applicant("A3", P5=["P1", "P2"]),
        _applicant("A4"),
        _applicant("A5", P5=["P1", "P2"]),
        _applicant("A6"),
        _applicant("A7"),
        _applicant("A8"),
    ],
    "couples": [
        {
            "members": ["A3", "A4"],
            "rank_list": [
                ["P4", "P5"], ["P5", "P1"], ["P1", "P2"], ["P3", "P0"],
                ["P4", "P1"], ["P2", "P3"], ["P1", "P4"], ["P1", "P5"],
            ],
        },
        {
            "members": ["A5", "A6"],
            "rank_list": [
                ["P4", "P0"], ["P0", "P1"], ["P0", "P4"], ["P4", "P1"],
                ["P5", "P3"], ["P2", "P2"], ["P5", "P4"], ["P1", "P2"],
            ],
        },
        {
            "members": ["A7", "A8"],
            "rank_list": [["P3", "P1"], ["P5", "P2"], ["P3", "P0"], ["P0", "P4"], ["P3", "P2"]],
        },
    ],
}  # fmt: skip


def test_couples_whose_members_have_supplemental_lists_get_a_stable_matching() -> None:
    result, problems = _run(THREE_COUPLES)
    assert problems == []
    assert result.stable
    # A5 matched, with the partner, to the advanced P5 and gets its PGY-1 year from the
    # supplemental list for P5.
    assert (result.matches["A5"], result.matches["A6"]) == ("P5", "P3")
    assert result.supplemental_matches == {"A5": "P1"}


# The partner A5 would take PRELIM from A4, who holds it through a supplemental list (this
# instance used to stop the engine with "max() arg is an empty sequence").
OWN_SEAT: dict[str, Any] = {
    "programs": [
        _program("PHYS", 1, "physician", ["A4"]),
        _program("PRELIM", 1, "preliminary", ["A1", "A5", "A4"]),
        _program("ADV", 1, "advanced", ["A4", "A1"]),
    ],
    "applicants": [
        _applicant("A0"),
        _applicant("A1", ADV=["PRELIM"]),
        _applicant("A4", ADV=["PRELIM"]),
        _applicant("A5"),
    ],
    "couples": [
        {"members": ["A0", "A1"], "rank_list": [[None, "ADV"]]},
        {"members": ["A4", "A5"], "rank_list": [["PHYS", "PRELIM"], ["ADV", None]]},
    ],
}


def test_a_couple_cannot_hand_a_members_supplemental_seat_to_the_partner() -> None:
    result, problems = _run(OWN_SEAT)
    assert problems == []
    assert result.stable
    # A4 displaced A1 at ADV and took PRELIM, A1's PGY-1 year, through its supplemental
    # list. The couple's first pair would need PRELIM for A5: only A4's own seat is there.
    assert result.matches == {"A0": None, "A1": None, "A4": "ADV", "A5": None}
    assert result.supplemental_matches == {"A4": "PRELIM"}


def test_the_verifier_counts_a_members_supplemental_seat_as_the_couples_own() -> None:
    data = {
        "programs": [
            _program("ADV", 1, "advanced", ["X"]),
            _program("PRELIM", 1, "preliminary", ["Y", "X"]),
            _program("CAT", 1, "categorical", ["X"]),
            _program("OTHER", 1, "categorical", ["Y"]),
        ],
        "applicants": [_applicant("X", ADV=["PRELIM"]), _applicant("Y")],
        "couples": [{"members": ["X", "Y"], "rank_list": [["CAT", "PRELIM"], ["ADV", "OTHER"]]}],
    }
    instance = parse_instance(data)
    # The couple prefers (CAT, PRELIM) and PRELIM ranks Y above X, but PRELIM's one position
    # is X's own PGY-1 seat: not a blocking pair. With PRELIM free it is one (and so is
    # PRELIM for X).
    held = {
        "matches": {"X": "ADV", "Y": "OTHER"},
        "supplemental_matches": {"X": "PRELIM"},
        "unfilled": {"ADV": 0, "PRELIM": 0, "CAT": 1, "OTHER": 0},
        "stable": True,
        "stats": {},
    }
    assert verify_result(instance, held) == []
    free = {
        **held,
        "supplemental_matches": {},
        "unfilled": {"ADV": 0, "PRELIM": 1, "CAT": 1, "OTHER": 0},
    }
    assert verify_result(instance, free) == [
        "blocking pair: applicant 'X' (matched to advanced 'ADV') and preliminary program "
        "'PRELIM': their supplemental list ranks it #1, above no match, and 'PRELIM' ranks "
        "them #2 and has an unfilled position",
        "blocking pair: couple ('X', 'Y') and pair ('CAT', 'PRELIM'): the couple ranks it #1, "
        "above their match ('ADV', 'OTHER'), and each program named would take its member",
    ]
    # The engine takes the first pair.
    result = run_match(instance)
    assert result.matches == {"X": "CAT", "Y": "PRELIM"}
    assert result.stable
