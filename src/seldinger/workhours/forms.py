"""Forms for entering shifts, justifying violations and filtering the hours report.

Times are entered in the site's time zone.
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from seldinger.web.forms import LongChoiceField
from seldinger.workhours.models import JUSTIFICATION_MAX_LENGTH, ShiftEntry, ShiftKind
from seldinger.workhours.selectors import RULES


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """``time`` on ``day`` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, time))


class ShiftForm(forms.Form):
    """A shift as a day, a start and an end time; an end at or before the start is the next day.

    ``end_day`` is only needed for shifts that end two or more days later, or to be explicit.
    """

    #: What the services take: ``start`` and ``end`` are made from the day and times.
    SERVICE_FIELDS = ("start", "end", "kind", "note")

    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="Start", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label="End", widget=forms.TimeInput(attrs={"type": "time"}))
    end_day = forms.DateField(
        label="End day",
        required=False,
        help_text="Leave empty: the same day, or the next day if the end is before the start.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Written out without a template per option (web.forms.LongSelect): the week's page is
    # opened daily.
    kind = LongChoiceField(label="Kind", choices=ShiftKind.choices, initial=ShiftKind.CLINICAL)
    note = forms.CharField(label="Note", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start_time, end_time = data.get("day"), data.get("start_time"), data.get("end_time")
        if day is None or start_time is None or end_time is None:
            return data
        end_day = data.get("end_day") or (
            day if end_time > start_time else day + dt.timedelta(days=1)
        )
        try:
            data["start"] = aware(day, start_time)
            data["end"] = aware(end_day, end_time)
        except Exception as error:  # a time that does not exist (clocks going forward)
            raise forms.ValidationError(
                f"That time does not exist in this time zone ({error})."
            ) from error
        if data["end"] <= data["start"]:
            self.add_error("end_day", "The shift must end after it starts.")
        return data


def shift_initial(shift: ShiftEntry) -> dict[str, Any]:
    start, end = timezone.localtime(shift.start), timezone.localtime(shift.end)
    return {
        "day": start.date(),
        "start_time": start.time().replace(second=0, microsecond=0),
        "end_time": end.time().replace(second=0, microsecond=0),
        "end_day": end.date(),
        "kind": shift.kind,
        "note": shift.note,
    }


class JustificationForm(forms.Form):
    #: What the service takes (``next`` is only where the page goes back to).
    SERVICE_FIELDS = ("rule", "start", "end", "text")

    rule = forms.ChoiceField(choices=[(key, key) for key in RULES], widget=forms.HiddenInput)
    start = forms.DateTimeField(widget=forms.HiddenInput)
    end = forms.DateTimeField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Justification",
        max_length=JUSTIFICATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Why the rule was exceeded"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ReportFilterForm(forms.Form):
    resident = forms.ChoiceField(label="Resident", required=False)
    rule = forms.ChoiceField(
        label="Rule",
        required=False,
        choices=[("", "All rules")] + [(key, info.title) for key, info in RULES.items()],
    )

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "All residents")] + [
            (user.username, user.get_full_name() or user.username) for user in residents
        ]
        self.fields["resident"].choices = choices  # type: ignore[attr-defined]
