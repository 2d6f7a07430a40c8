"""Program tracks and list ordering (pure core: no Django).

A *track* is one program's positions of one NRMP position type; the match
engine sees one engine program per track, named ``"<ACGME ID>:<kind>"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from seldinger.errors import Invalid

TRACK_KINDS: tuple[str, ...] = ("categorical", "advanced", "preliminary", "physician")
TRACK_LABELS: dict[str, str] = {
    "categorical": "Categorical (C, PGY-1 included)",
    "advanced": "Advanced (A, starts PGY-2)",
    "preliminary": "Preliminary (P, one PGY-1 year)",
    "physician": "Physician (R, after a PGY-1)",
}
SEPARATOR = ":"
DIRECTIONS: tuple[str, ...] = ("up", "down", "top", "bottom")

T = TypeVar("T")


class TrackError(Invalid):
    """A track id that is not ``<ACGME ID>:<kind>`` with a known kind."""


def track_id(acgme_id: str, kind: str) -> str:
    return f"{acgme_id}{SEPARATOR}{kind}"


def parse_track_id(value: str) -> tuple[str, str]:
    """``"DEMO-0001:advanced"`` -> ``("DEMO-0001", "advanced")``."""
    acgme_id, separator, kind = value.rpartition(SEPARATOR)
    if not separator or not acgme_id or kind not in TRACK_KINDS:
        raise TrackError(
            f"{value!r} is not a program track: use <ACGME ID>:<kind>, kind one of "
            + ", ".join(TRACK_KINDS)
        )
    return acgme_id, kind


def moved(items: Sequence[T], item: T, direction: str) -> list[T]:
    """``items`` with ``item`` moved one place up or down, or to the top or bottom."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    order = list(items)
    index = order.index(item)
    order.pop(index)
    target = {
        "up": max(index - 1, 0),
        "down": min(index + 1, len(order)),
        "top": 0,
        "bottom": len(order),
    }[direction]
    order.insert(target, item)
    return order


def same_items(current: Sequence[T], proposed: Sequence[T]) -> bool:
    """Whether ``proposed`` is a reordering of ``current`` (same items, none twice)."""
    return len(proposed) == len(set(proposed)) and sorted(map(str, current)) == sorted(
        map(str, proposed)
    )
