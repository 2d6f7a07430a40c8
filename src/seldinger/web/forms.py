"""Checks that forms of several apps make alike."""

from collections.abc import Mapping
from typing import Any


def exceeds(data: Mapping[str, Any], low: str, high: str) -> bool:
    """Whether a range's ``low`` end exceeds its ``high`` end, both being given (a form's
    cleaned data: a field left empty or refused is not compared)."""
    bottom, top = data.get(low), data.get(high)
    return bottom is not None and top is not None and bottom > top
