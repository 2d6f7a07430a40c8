"""What the model builder hands on: the named hard rules (guards), the penalties and the
variables a solution is read from. Pure: no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from seldinger.scheduling.patterns import Activity
from seldinger.scheduling.spec import Spec


@dataclass(frozen=True)
class Group:
    """One hard rule as it binds: what to tell the user when it is in conflict."""

    rule: str
    residents: tuple[str, ...]
    first: dt.date
    last: dt.date
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "residents": list(self.residents),
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class EsirRule:
    """ESIR's rotation counts over R1-R4 (rule data ``esir/rotations``)."""

    ir: int
    icu: int
    ir_related_max: int


@dataclass
class Penalty:
    rule: str
    resident: str | None
    detail: str
    weight: int
    expression: Any


@dataclass
class Built:
    """The model and what reading a solution needs."""

    model: cp_model.CpModel
    spec: Spec
    templates: tuple[Activity, ...]
    rotation: dict[tuple[int, int, int], cp_model.IntVar]
    work: dict[tuple[int, int, int], cp_model.IntVar]
    call: dict[tuple[int, int, int], cp_model.IntVar]
    granted: dict[tuple[int, int], cp_model.IntVar]
    penalties: list[Penalty]
    spreads: dict[tuple[int, str], tuple[Any, Any]]
    groups: list[Group] = field(default_factory=list)
    guards: list[cp_model.IntVar] = field(default_factory=list)
