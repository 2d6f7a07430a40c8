"""The training system's rules as dated parameters (see docs/rules.md)."""

from functools import cache
from pathlib import Path

from seldinger.rules.engine import ParameterSet, load_parameters

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"


@cache
def default_parameters() -> ParameterSet:
    """The parameters shipped with Seldinger, loaded and validated once."""
    return load_parameters(PARAMETERS_DIR)


__all__ = ["PARAMETERS_DIR", "ParameterSet", "default_parameters", "load_parameters"]
