"""Forms: a rating sheet (31 subcompetencies, a period and a comment) and an assignment."""

import datetime as dt
from typing import Any

from django import forms

from seldinger.accounts.models import User
from seldinger.milestones import milestones as core


def level_choices(
    milestones: core.MilestoneSet, subcompetency: core.Subcompetency | None = None
) -> list[tuple[str, str]]:
    """Each level with its meaning beside it ("3: Continues to advance; ..."): a half level
    as between two."""
    return [
        ("", "—"),
        *(
            (core.format_level(level), level_label(milestones, level, subcompetency))
            for level in milestones.levels()
        ),
        (core.NOT_YET_ASSESSABLE, core.NOT_YET_ASSESSABLE_LABEL),
    ]


def level_label(
    milestones: core.MilestoneSet, level: float, subcompetency: core.Subcompetency | None
) -> str:
    shown = core.format_level(level)
    if level != int(level):
        return f"{shown}: between levels {int(level)} and {int(level) + 1}"
    meaning = milestones.meaning(level, subcompetency)
    return f"{shown}: {meaning}" if meaning else shown


def meaning_of(milestones: core.MilestoneSet, value: object, item: core.Subcompetency) -> str:
    """The meaning of a rating as entered (empty when none is chosen or it is no level)."""
    if value in (None, ""):
        return ""
    try:
        return milestones.meaning(core.parse_level(milestones, value), item)
    except core.LevelError:
        return ""


class RatingSheetForm(forms.Form):
    """One field per subcompetency, named by its key; levels are checked by the service
    (so the web and the API give the same messages)."""

    period = forms.ChoiceField(label="Period")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(
        self,
        *args: Any,
        milestones: core.MilestoneSet,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.milestones = milestones
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)
        period_field.choices = [(p.key, p.label) for p in core.recent_periods(today, 8)]
        general = level_choices(milestones)
        for item in milestones.subcompetencies:
            self.fields[item.key] = forms.CharField(
                label=item.label,
                required=False,
                widget=forms.Select(
                    choices=level_choices(milestones, item) if item.level_texts else general,
                    attrs={"data-level-meaning": f"meaning-{item.key}"},
                ),
            )

    def ratings(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(key) or "" for key in self.milestones.subcompetency_keys()
        }

    def groups(self) -> list[tuple[core.Competency, list[tuple[forms.BoundField, str]]]]:
        """Each competency's fields, each with the meaning of the level it holds."""
        return [
            (
                competency,
                [
                    (self[item.key], meaning_of(self.milestones, self[item.key].value(), item))
                    for item in self.milestones.of_competency(competency.key)
                ],
            )
            for competency in self.milestones.competencies
        ]


def initial_for(ratings: dict[str, Any], comment: str, period: core.Period) -> dict[str, Any]:
    initial: dict[str, Any] = {
        key: core.NOT_YET_ASSESSABLE if level is None else core.format_level(level)
        for key, level in core.load_stored(ratings).items()
    }
    initial.update(period=period.key, comment=comment)
    return initial


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AssignmentForm(forms.Form):
    resident = PersonChoiceField(queryset=User.objects.none())
    evaluator = PersonChoiceField(queryset=User.objects.none(), label="Faculty evaluator")

    def __init__(self, *args: Any, residents: Any, evaluators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resident_field = self.fields["resident"]
        evaluator_field = self.fields["evaluator"]
        assert isinstance(resident_field, forms.ModelChoiceField)
        assert isinstance(evaluator_field, forms.ModelChoiceField)
        resident_field.queryset = residents
        evaluator_field.queryset = evaluators
