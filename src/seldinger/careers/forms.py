"""Forms for the jobs board: search, posting, and a saved job's status and notes."""

from typing import Any

from django import forms

from seldinger.careers.models import JobPosting, SavedJob
from seldinger.careers.selectors import JobFilters
from seldinger.careers.services import POSTING_FIELDS
from seldinger.web.forms import Range, RangeChecks


class JobSearchForm(forms.Form):
    text = forms.CharField(label="Search", required=False, max_length=100)
    setting = forms.ChoiceField(
        label="Setting", required=False, choices=[("", "Any setting"), *JobPosting.Setting.choices]
    )
    subspecialty = forms.ChoiceField(
        label="Subspecialty",
        required=False,
        choices=[("", "Any subspecialty"), *JobPosting.Subspecialty.choices],
    )
    state = forms.CharField(
        label="State",
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"placeholder": "e.g. MN"}),
    )
    min_salary = forms.IntegerField(
        label="Minimum salary (USD)",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": 10000}),
    )

    def filters(self) -> JobFilters:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return JobFilters(
            setting=data.get("setting") or "",
            subspecialty=data.get("subspecialty") or "",
            state=(data.get("state") or "").strip().upper(),
            min_salary=data.get("min_salary"),
            text=data.get("text") or "",
        )


class JobPostingForm(RangeChecks, forms.ModelForm):  # type: ignore[type-arg]
    ranges = (
        Range(
            "salary_min",
            "salary_max",
            error_on="salary_max",
            message="The top of the range is below its floor.",
        ),
    )

    class Meta:
        model = JobPosting
        fields = list(POSTING_FIELDS)
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_state(self) -> str:
        return str(self.cleaned_data["state"]).strip().upper()


class SavedJobForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SavedJob
        fields = ["status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
