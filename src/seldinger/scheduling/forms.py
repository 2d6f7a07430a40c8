"""The forms of the schedule pages: solving a spec, publishing a solver's schedule, asking
for a swap."""

from typing import Any

import orjson
from django import forms

from seldinger.scheduling.jobs import MAX_SECONDS, MIN_SECONDS

#: A published schedule is a year of shifts for a program: a few MB at most.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class PublishSolvedForm(forms.Form):
    """Publishing the schedule a solve job wrote: the file is the job's."""

    residents = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The spec's resident ids and their usernames, one `id=username` a line "
        "(an id not listed is taken as the username).",
    )
    note = forms.CharField(required=False, max_length=300)

    def clean_residents(self) -> dict[str, str]:
        mapping = {}
        for number, line in enumerate(self.cleaned_data["residents"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, name = line.partition("=")
            if not sep or not key.strip() or not name.strip():
                raise forms.ValidationError(f"Line {number}: write id=username.")
            mapping[key.strip()] = name.strip()
        return mapping


class PublishForm(PublishSolvedForm):
    """Publishing an uploaded SCHEDULE.json."""

    field_order = ["schedule", "residents", "note"]

    schedule = forms.FileField(
        label="Schedule file", help_text="SCHEDULE.json, as seldinger schedule solve writes it."
    )

    def clean_schedule(self) -> Any:
        upload = self.cleaned_data["schedule"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        try:
            return orjson.loads(upload.read())
        except orjson.JSONDecodeError as error:
            raise forms.ValidationError(f"{upload.name} is not JSON: {error}.") from None


class SolveForm(forms.Form):
    spec = forms.FileField(
        label="Spec file", help_text="SPEC.json: blocks, residents, rotations, call and rules."
    )
    time_limit = forms.IntegerField(
        label="Time limit (seconds)",
        initial=60,
        min_value=MIN_SECONDS,
        max_value=MAX_SECONDS,
        help_text=f"How long the solver may look for a better schedule ({MIN_SECONDS} to "
        f"{MAX_SECONDS}).",
    )

    def clean_spec(self) -> bytes:
        upload = self.cleaned_data["spec"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        content: bytes = upload.read()
        return content


class SwapForm(forms.Form):
    give = forms.TypedChoiceField(coerce=int, label="My call shift")
    take = forms.TypedChoiceField(coerce=int, label="Their call shift")
    note = forms.CharField(required=False, max_length=300)

    def __init__(
        self, *args: Any, give: list[tuple[int, str]], take: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("give", give), ("take", take)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
