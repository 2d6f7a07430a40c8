"""Match markets for the odds model: the integrated IR match years in the rule data, and
the market one query simulates (a pure core)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seldinger.errors import Invalid
from seldinger.match.simulation import POSITIONS_PER_PROGRAM
from seldinger.rules import default_parameters
from seldinger.rules.engine import Parameter

__all__ = [
    "MAX_APPLICANTS",
    "MAX_POSITIONS",
    "Market",
    "MarketYear",
    "OddsError",
    "choose_market",
    "default_market_key",
    "integrated_ir_years",
    "main_residency_years",
    "market_of",
    "market_years",
]

#: Custom markets stay at the integrated IR scale.
MAX_APPLICANTS = 600
MAX_POSITIONS = 250


class OddsError(Invalid):
    """Input the model cannot run with; ``field`` names the input at fault."""

    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class MarketYear:
    """One match year of the integrated IR figures (rule data ``match/market-integrated-ir``)."""

    year: int
    positions: int
    applicants: int | None
    filled: int | None
    positions_by_type: dict[str, int] | None
    filled_by_type: dict[str, int] | None
    source: str
    confidence: str

    @property
    def key(self) -> str:
        return f"ir-{self.year}"

    @property
    def simulatable(self) -> bool:
        return self.applicants is not None


@dataclass(frozen=True)
class Market:
    """The market one query simulates."""

    key: str
    label: str
    positions: int
    applicants: int
    source: str

    @property
    def programs(self) -> int:
        return -(-self.positions // POSITIONS_PER_PROGRAM)


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _optional_counts(value: object) -> dict[str, int] | None:
    if not isinstance(value, Mapping):
        return None
    return {str(key): int(str(count)) for key, count in value.items()}


def integrated_ir_years(parameter: Parameter) -> list[MarketYear]:
    """The integrated IR match years in the rule data, newest first."""
    years = []
    for _start, value in parameter.values:
        if not isinstance(value, Mapping):
            continue
        years.append(
            MarketYear(
                year=int(value["match_year"]),
                positions=int(value["positions"]),
                applicants=_optional_int(value.get("applicants")),
                filled=_optional_int(value.get("filled")),
                positions_by_type=_optional_counts(value.get("positions_by_type")),
                filled_by_type=_optional_counts(value.get("filled_by_type")),
                source=str(value.get("source", "")),
                confidence=str(value.get("confidence", parameter.confidence or "")),
            )
        )
    return sorted(years, key=lambda item: item.year, reverse=True)


def main_residency_years(parameter: Parameter) -> list[dict[str, Any]]:
    """The NRMP Main Residency Match totals in the rule data (context only), newest first."""
    rows = [dict(value) for _start, value in parameter.values if isinstance(value, Mapping)]
    return sorted(rows, key=lambda row: int(row["match_year"]), reverse=True)


def default_market_key(years: Sequence[MarketYear]) -> str:
    """The newest integrated IR year that can be simulated, else ``custom``."""
    simulatable = [year for year in years if year.simulatable]
    return max(simulatable, key=lambda year: year.year).key if simulatable else "custom"


def choose_market(
    market: str | None,
    *,
    years: Sequence[MarketYear],
    positions: int | None = None,
    applicants: int | None = None,
) -> Market:
    """The market named ``market``: ``ir-<year>`` from the rule data, or ``custom`` counts.

    No name means the newest integrated IR year with both positions and applicants.
    """
    if not market:
        market = default_market_key(years)
    if market == "custom":
        if positions is None:
            raise OddsError("market_positions", "a custom market needs the number of positions")
        if applicants is None:
            raise OddsError("market_applicants", "a custom market needs the number of applicants")
        if not 1 <= positions <= MAX_POSITIONS:
            raise OddsError(
                "market_positions",
                f"must be between 1 and {MAX_POSITIONS} (the model runs at the integrated IR "
                "scale, not the whole Main Residency Match)",
            )
        if not 1 <= applicants <= MAX_APPLICANTS:
            raise OddsError(
                "market_applicants",
                f"must be between 1 and {MAX_APPLICANTS} (the model runs at the integrated IR "
                "scale, not the whole Main Residency Match)",
            )
        return Market(
            key="custom",
            label=f"Custom market: {positions} positions, {applicants} applicants",
            positions=positions,
            applicants=applicants,
            source="figures you entered",
        )
    for year in years:
        if year.key == market:
            if year.applicants is None:
                raise OddsError(
                    "market",
                    f"integrated IR {year.year}: our sources give positions ({year.positions}) "
                    "but not the number of applicants; choose a custom market",
                )
            return Market(
                key=year.key,
                label=(
                    f"Integrated IR, {year.year} match: {year.positions} positions, "
                    f"{year.applicants} applicants"
                ),
                positions=year.positions,
                applicants=year.applicants,
                source=f"{year.source} (confidence {year.confidence})",
            )
    choices = ", ".join([*(year.key for year in years if year.simulatable), "custom"])
    raise OddsError("market", f"unknown market {market!r}; choose one of {choices}")


#: The rule data of the integrated IR match years and of the Main Residency Match.
INTEGRATED_IR = "match/market-integrated-ir"
MAIN_RESIDENCY = "match/market-main-residency"


def market_years() -> list[MarketYear]:
    """The integrated IR match years in the platform's rule data."""
    return integrated_ir_years(default_parameters()[INTEGRATED_IR])


def market_of(inputs: Mapping[str, Any]) -> Market:
    """The market an odds page or request names: ``market``, and for a custom market
    ``market_positions`` and ``market_applicants``."""
    return choose_market(
        inputs.get("market"),
        years=market_years(),
        positions=inputs.get("market_positions"),
        applicants=inputs.get("market_applicants"),
    )
