"""What forms of several apps share: checks they make alike, and selects of many options."""

from collections.abc import Mapping
from functools import lru_cache
from html import escape
from typing import Any, ClassVar, NamedTuple

from django import forms
from django.utils.safestring import SafeString, mark_safe


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


class LongSelect(forms.Select):
    """A select of hundreds of options (every program track in the match), written out
    directly: the same markup as Django's ``Select`` without a template per option, and its
    (value, label) pairs taken as given rather than normalised again. Groups of options fall
    back to Django's rendering."""

    @property  # type: ignore[override]
    def choices(self) -> list[Any]:
        return self._choices

    @choices.setter
    def choices(self, value: Any) -> None:
        self._choices = list(value)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _, label in self.choices
        ):
            return super().render(name, value, attrs, renderer)
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = context["value"]
        parts = [f'<select name="{escape(name)}"{_attributes(context["attrs"])}>']
        selected = False
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            chose = not selected and text in chosen
            selected |= chose
            parts.append(_option(text, str(label), chose))
        parts.append("\n</select>")
        return mark_safe("".join(parts))


@lru_cache(maxsize=4096)
def _option(value: str, label: str, selected: bool) -> str:
    """One option as Django's ``select_option.html`` writes it (the same ones recur in a
    page's every select, and from page to page)."""
    mark = " selected" if selected else ""
    return f'\n  <option value="{escape(value)}"{mark}>{escape(label)}</option>\n'


class LongChoiceField(forms.ChoiceField):
    """A choice among hundreds of plain (value, label) pairs, shown with ``LongSelect``.

    Django normalises a choice field's pairs twice and copies them for every form made
    (about 10 µs a pair); these are taken as given and shared between copies (they are
    never changed in place: a new list is assigned instead)."""

    widget = LongSelect

    @property
    def choices(self) -> list[Any]:
        return self._choices

    @choices.setter
    def choices(self, value: Any) -> None:
        self._choices = list(value)
        widget = self.widget
        assert isinstance(widget, LongSelect)
        widget.choices = self._choices

    def __deepcopy__(self, memo: dict[int, Any]) -> "LongChoiceField":
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


def _attributes(attrs: Mapping[str, Any]) -> str:
    """A widget's attributes as Django's ``attrs.html`` writes them."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )
