"""A resident's rotations counted by kind from published schedules: done (blocks ended by
today) and planned (the later blocks), against ESIR's requirement for a resident on the
ESIR pathway. Pure: no Django."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from seldinger.scheduling.outcome import EsirRule

IR_RELATED = "ir-related"
LABELS = {"ir": "IR", "icu": "ICU", IR_RELATED: "IR-related", "dr": "DR"}


@dataclass(frozen=True)
class PublishedRotations:
    """One resident's blocks in one published schedule."""

    start: dt.date
    block_weeks: int
    rotations: tuple[str, ...]
    """The rotation's name in each block, in order."""
    kinds: Mapping[str, str]
    """Rotation name -> its kind (a name without one counts under its own name)."""
    earlier: Mapping[str, int]
    """Rotations of each kind done before this schedule (the spec's ``done``)."""
    esir: bool


@dataclass(frozen=True)
class KindCount:
    kind: str
    done: int
    planned: int
    required: int | None
    """At least so many (or, for IR-related, at most): None when nothing is required."""
    at_most: bool = False

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    @property
    def still_needed(self) -> int | None:
        if self.required is None or self.at_most:
            return None
        return max(0, self.required - self.done - self.planned)

    @property
    def over_by(self) -> int:
        """How far the done and planned rotations exceed an at-most limit."""
        if not self.at_most or self.required is None:
            return 0
        return max(0, self.done + self.planned - self.required)


def count_rotations(
    schedules: Iterable[PublishedRotations],
    today: dt.date,
    rule: EsirRule | None,
    *,
    esir: bool = False,
) -> list[KindCount]:
    """Counts by kind across ``schedules``; with ``rule`` and the resident on ESIR (``esir``
    or a schedule saying so), the IR, ICU and IR-related rows carry its requirement."""
    done: Counter[str] = Counter()
    planned: Counter[str] = Counter()
    earliest: PublishedRotations | None = None
    on_esir = esir
    for schedule in schedules:
        on_esir = on_esir or schedule.esir
        if earliest is None or schedule.start < earliest.start:
            earliest = schedule
        length = dt.timedelta(weeks=schedule.block_weeks)
        for index, name in enumerate(schedule.rotations):
            kind = schedule.kinds.get(name, name)
            ends = schedule.start + length * (index + 1)
            (done if ends <= today else planned)[kind] += 1
    if earliest is not None:
        # Only the first schedule's earlier years: later specs' ``done`` overlap the first's.
        done.update(earliest.earlier)
    required: dict[str, tuple[int, bool]] = {}
    if rule is not None and on_esir:
        required = {"ir": (rule.ir, False), "icu": (rule.icu, False)}
        required[IR_RELATED] = (rule.ir_related_max, True)
    kinds = sorted(set(done) | set(planned) | set(required), key=lambda k: (k not in required, k))
    return [
        KindCount(
            kind,
            done[kind],
            planned[kind],
            required[kind][0] if kind in required else None,
            required[kind][1] if kind in required else False,
        )
        for kind in kinds
    ]
