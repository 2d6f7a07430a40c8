"""What applications learns back from the match (a pure core: no Django).

Applications imports nothing of the match; the match app connects its answers
here when it starts (``MatchConfig.ready``): whether a year's final match has
run (it locks that year's lists), and an applicant's latest practice outcome
(shown on their rank order list page). Unconnected, there is no final match and
no outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seldinger.accounts.models import User

__all__ = ["OutcomeNotice", "connect", "final_match_run", "latest_outcome"]


@dataclass(frozen=True)
class OutcomeNotice:
    """An applicant's outcome in the latest round that included them."""

    matched: bool
    program_name: str | None
    track_label: str
    supplemental_program_name: str | None


FinalMatchRun = Callable[[int], bool]
LatestOutcome = Callable[["User", int], OutcomeNotice | None]

_connected: dict[str, Any] = {}


def connect(*, final_match_run: FinalMatchRun, latest_outcome: LatestOutcome) -> None:
    _connected["final_match_run"] = final_match_run
    _connected["latest_outcome"] = latest_outcome


def final_match_run(match_year: int) -> bool:
    """Whether the final match of ``match_year`` has been run."""
    check: FinalMatchRun | None = _connected.get("final_match_run")
    return check is not None and check(match_year)


def latest_outcome(applicant: User, match_year: int) -> OutcomeNotice | None:
    """The applicant's outcome in the latest round of ``match_year`` that included them."""
    find: LatestOutcome | None = _connected.get("latest_outcome")
    return None if find is None else find(applicant, match_year)
