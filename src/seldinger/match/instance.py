"""A match instance, typed (a pure core).

Two shapes of the same thing:

* :class:`InstanceSpec` names everything by id, in input order: what the JSON
  instance file holds (docs/match.md) and what the platform's rank order lists
  give. :func:`seldinger.match.parse.parse_instance` reads one from JSON;
  callers holding rows build one directly.
* :class:`Instance` is a checked spec with every id mapped to its number
  (:func:`seldinger.match.parse.build_instance`), what the solver and the
  verifier work on.

:class:`MatchResult` is what a run answers, by id and by number.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson

from seldinger.errors import Invalid

__all__ = [
    "KINDS",
    "ApplicantSpec",
    "CoupleSpec",
    "Instance",
    "InstanceError",
    "InstanceSpec",
    "MatchResult",
    "ProgramSpec",
    "dump_json",
    "gc_paused",
    "read_json",
]

#: Program kinds. ``advanced`` programs start at PGY-2 and carry supplemental lists;
#: ``preliminary`` programs are the PGY-1 year those lists name.
KINDS = ("categorical", "advanced", "preliminary", "physician")


class InstanceError(Invalid):
    """A malformed match instance; the message names what is wrong and where."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small lists are built.

    Left running, it sets off full collections that walk every object (that triples the
    time at national scale). On the way out the objects made meanwhile join the oldest
    generation (``gc.freeze()`` then ``gc.unfreeze()``, unless something else froze objects),
    so the first allocation after the pause does not walk them all either.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file quickly (orjson, collector paused). Raises OSError and ValueError
    (json.JSONDecodeError, UnicodeDecodeError) for the caller to report."""
    with open(path, "rb") as file:
        data = file.read()
    with gc_paused():
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            # orjson reads UTF-8 only and refuses NaN and numbers beyond 64 bits: the
            # standard library reads those, and words a refusal as it always has.
            return json.loads(data)


def dump_json(data: Any) -> bytes:
    """Compact JSON (UTF-8) of a result, quickly (orjson)."""
    return orjson.dumps(data)


# --------------------------------------------------------------------------------------------
# By id


@dataclass(frozen=True)
class ProgramSpec:
    id: str
    positions: int
    kind: str = "categorical"
    #: Applicant ids, best first.
    rank_list: Sequence[str] = ()
    #: The program its unfilled positions move to after the match, if any.
    reverts_to: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "positions": self.positions,
            "kind": self.kind,
            "rank_list": list(self.rank_list),
        }
        if self.reverts_to is not None:
            data["reverts_to"] = self.reverts_to
        return data


@dataclass(frozen=True)
class ApplicantSpec:
    id: str
    #: Program ids, best first (empty for a couple's members: the couple ranks pairs).
    rank_list: Sequence[str] = ()
    #: Advanced program id -> preliminary program ids, best first.
    supplemental: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rank_list": list(self.rank_list),
            "supplemental": {key: list(value) for key, value in self.supplemental.items()},
        }


@dataclass(frozen=True)
class CoupleSpec:
    #: The two members' applicant ids.
    members: Sequence[str]
    #: (program id or None, program id or None) per pair, best first.
    rank_list: Sequence[Sequence[str | None]] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "rank_list": [list(pair) for pair in self.rank_list],
        }


@dataclass(frozen=True)
class InstanceSpec:
    """An instance by id, not yet checked (``build_instance`` checks every reference)."""

    programs: Sequence[ProgramSpec]
    applicants: Sequence[ApplicantSpec]
    couples: Sequence[CoupleSpec] = ()

    def as_dict(self) -> dict[str, Any]:
        """The instance JSON (docs/match.md)."""
        return {
            "programs": [program.as_dict() for program in self.programs],
            "applicants": [applicant.as_dict() for applicant in self.applicants],
            "couples": [couple.as_dict() for couple in self.couples],
        }


# --------------------------------------------------------------------------------------------
# By number


@dataclass(frozen=True, eq=False)
class Instance:
    """A validated instance with every id mapped to an int (its position in the input).

    Programs and applicants are numbered in input order; ``-1`` stands for "none" (no
    reversion target, "no match" in a couple's pair, not in a couple). The lists are
    never changed after ``build_instance``.
    """

    program_ids: list[str]
    applicant_ids: list[str]
    positions: list[int]
    kinds: list[str]
    reverts_to: list[int]
    #: Each program's rank list (applicant numbers, best first).
    program_lists: list[list[int]]
    #: Each applicant's primary rank list (program numbers, best first).
    applicant_lists: list[list[int]]
    #: applicant -> advanced program -> preliminary programs, for applicants that have any.
    supplemental: dict[int, dict[int, list[int]]]
    #: (member, member) per couple, and the couple's list of (program or -1, program or -1).
    couples: list[tuple[int, int]]
    couple_lists: list[list[tuple[int, int]]]
    #: applicant -> couple number, or -1.
    couple_of: list[int]
    program_index: dict[str, int] = field(repr=False)
    applicant_index: dict[str, int] = field(repr=False)
    #: program -> {applicant: position in the program's list}.
    program_rank: list[dict[int, int]] = field(repr=False)
    #: Parallel to applicant_lists: where the program ranks the applicant, -1 if it does not.
    applicant_list_ranks: list[list[int]] = field(repr=False)
    #: Parallel to couple_lists: where each program ranks its member (-1 unranked, 0 null).
    couple_list_ranks: list[list[tuple[int, int]]] = field(repr=False)

    def rank_of(self, program: int, applicant: int) -> int:
        """The program's rank of the applicant (0 = first), -1 when unranked."""
        return self.program_rank[program].get(applicant, -1)


# --------------------------------------------------------------------------------------------
# The result


@dataclass
class MatchResult:
    """Who matched where. ``as_dict()`` is the CLI's and the API's JSON."""

    #: Every applicant id (couple members too) -> program id, or None when unmatched.
    matches: dict[str, str | None]
    #: Applicant id -> preliminary program id, for applicants matched through a
    #: supplemental list.
    supplemental_matches: dict[str, str]
    #: Every program id -> positions left unfilled (after reversion).
    unfilled: dict[str, int]
    #: True when the verifier found no blocking pair.
    stable: bool
    stats: dict[str, Any] = field(default_factory=dict)
    #: The same by number, parallel to the instance's applicants and programs: each
    #: applicant's program (-1 unmatched), preliminary program through a supplemental list
    #: (-1 none), and each program's unfilled positions.
    program_of: list[int] = field(default_factory=list, repr=False)
    supplemental_of: list[int] = field(default_factory=list, repr=False)
    unfilled_of: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "matches": self.matches,
            "supplemental_matches": self.supplemental_matches,
            "unfilled": self.unfilled,
            "stable": self.stable,
            "stats": self.stats,
        }
