from typing import Any

from django import forms

from seldinger.accounts.models import User
from seldinger.applications import selectors
from seldinger.applications.models import ApplicantProfile, Application
from seldinger.applications.season import (
    FIRST_MATCH_YEAR,
    LAST_MATCH_YEAR,
    MATCH_YEARS,
    is_match_year,
)
from seldinger.applications.selectors import Track
from seldinger.applications.tracks import DIRECTIONS, TrackError
from seldinger.programs.models import Program
from seldinger.web.forms import LongChoiceField

NO_MATCH = "none"


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApplicantProfile
        fields = list(ApplicantProfile.CHECKLIST_FIELDS)
        widgets = {
            "match_year": forms.NumberInput(attrs={"min": FIRST_MATCH_YEAR, "max": LAST_MATCH_YEAR})
        }

    def clean_match_year(self) -> int:
        year = int(self.cleaned_data["match_year"])
        if not is_match_year(year):
            raise forms.ValidationError(f"Enter a match year {MATCH_YEARS}.")
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("letters_ir_count") or 0) > (data.get("letters_count") or 0):
            self.add_error("letters_ir_count", "Cannot outnumber all letters.")
        return data


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    """Add or edit one tracked program; the program is chosen only when adding."""

    class Meta:
        model = Application
        fields = ["program", *Application.RECORD_FIELDS]
        widgets = {
            "applied_on": forms.DateInput(attrs={"type": "date"}),
            "interview_invited_on": forms.DateInput(attrs={"type": "date"}),
            "interview_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, applicant: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        if self.instance.pk:
            del self.fields["program"]
        else:
            tracked = selectors.applications_of(applicant).values("program_id")
            field = self.fields["program"]
            field.queryset = Program.objects.exclude(pk__in=tracked).order_by("name")  # type: ignore[attr-defined]
            field.label_from_instance = lambda program: (  # type: ignore[attr-defined]
                f"{program.name} ({program.acgme_id}, {program.city}, {program.state})"
            )

    def application_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in Application.RECORD_FIELDS
            if name in self.cleaned_data
        }


def track_choices(tracks: list[Track]) -> list[tuple[str, str]]:
    return [(track.id, f"{track.label} ({track.program.acgme_id})") for track in tracks]


class TrackField(LongChoiceField):
    def __init__(self, tracks: list[Track], *, allow_no_match: bool = False, **kwargs: Any):
        choices = track_choices(tracks)
        if allow_no_match:
            choices = [(NO_MATCH, "No match (this partner stays unmatched)"), *choices]
        super().__init__(choices=choices, **kwargs)


class AddTrackForm(forms.Form):
    def __init__(self, *args: Any, tracks: list[Track], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"] = TrackField(tracks, label="Program track")

    def clean_track(self) -> Track:
        return _find(self.cleaned_data["track"])


class AddPairForm(forms.Form):
    def __init__(self, *args: Any, tracks: list[Track], labels: tuple[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["first"] = TrackField(tracks, allow_no_match=True, label=labels[0])
        self.fields["second"] = TrackField(tracks, allow_no_match=True, label=labels[1])

    def clean_first(self) -> Track | None:
        value = self.cleaned_data["first"]
        return None if value == NO_MATCH else _find(value)

    def clean_second(self) -> Track | None:
        value = self.cleaned_data["second"]
        return None if value == NO_MATCH else _find(value)


class AddApplicantForm(forms.Form):
    applicant = LongChoiceField(label="Applicant")

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = [  # type: ignore[attr-defined]
            (user.username, user.get_full_name() or user.username) for user in candidates
        ]


class InviteForm(forms.Form):
    username = forms.CharField(label="Partner's username", max_length=150)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(direction, direction) for direction in DIRECTIONS])


def _find(value: str) -> Track:
    try:
        return selectors.find_track(value)
    except TrackError as error:
        raise forms.ValidationError(str(error)) from None
