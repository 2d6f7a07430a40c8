"""Checks that forms of several apps make alike."""

from collections.abc import Mapping
from typing import Any, ClassVar, NamedTuple

from django import forms


class Range(NamedTuple):
    """Two fields of a form that bound a range, and what it says when they are reversed."""

    low: str
    high: str
    error_on: str
    message: str


def exceeds(data: Mapping[str, Any], low: str, high: str) -> bool:
    """Whether a range's ``low`` end exceeds its ``high`` end, both being given (a form's
    cleaned data: a field left empty or refused is not compared)."""
    bottom, top = data.get(low), data.get(high)
    return bottom is not None and top is not None and bottom > top


class RangeChecks(forms.BaseForm):
    """A form whose ``ranges`` must each run low to high (put it before the form class)."""

    ranges: ClassVar[tuple[Range, ...]] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low, high, error_on, message in self.ranges:
            if exceeds(data, low, high):
                self.add_error(error_on, message)
        return data
