from typing import Any

from django import forms

from seldinger.programs import scoring, services
from seldinger.programs.models import STATE_CODES, US_STATES, Program
from seldinger.programs.selectors import DirectoryFilters
from seldinger.web.forms import LongChoiceField

ANY_YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DirectoryForm(forms.Form):
    """FREIDA-like filters; every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, institution, city"}),
    )
    # Written out without a template per option (web.forms.LongSelect): the directory is
    # opened often, and its selects were a fifth of its server time.
    kind = LongChoiceField(
        label="Program type", required=False, choices=[("", "Any type"), *Program.Kind.choices]
    )
    state = LongChoiceField(label="State", required=False, choices=[("", "Any state")])
    esir = LongChoiceField(
        label="ESIR",
        required=False,
        choices=[("", "Any"), ("yes", "Offers ESIR"), ("no", "No ESIR")],
    )
    accreditation = LongChoiceField(
        label="Accreditation",
        required=False,
        choices=[("", "Any status"), *Program.Accreditation.choices],
    )
    min_positions = forms.IntegerField(
        label="Positions a year, at least", required=False, min_value=0, max_value=1000
    )
    min_case_volume = forms.IntegerField(
        label="IR cases a year, at least", required=False, min_value=0, max_value=1_000_000
    )
    research_rotation = LongChoiceField(
        label="Research rotation", required=False, choices=ANY_YES_NO
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, LongChoiceField)
        state.choices = [("", "Any state"), *US_STATES]

    def filters(self) -> DirectoryFilters:
        data = self.cleaned_data
        return DirectoryFilters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            state=data.get("state") or "",
            esir=_yes_no(data.get("esir") or ""),
            accreditation=data.get("accreditation") or "",
            min_positions=data.get("min_positions"),
            min_case_volume=data.get("min_case_volume"),
            research_rotation=_yes_no(data.get("research_rotation") or ""),
        )


def weight_field_name(criterion: str) -> str:
    return f"w_{criterion}"


WEIGHT_FIELDS = tuple(weight_field_name(criterion) for criterion in scoring.CRITERIA)


class ScoreForm(forms.Form):
    """The personal score's weights (0-10 sliders) and preferred states."""

    score = forms.BooleanField(label="Rank by my personal score", required=False)
    states = forms.CharField(
        label="Preferred states",
        required=False,
        max_length=300,
        help_text="Two-letter codes, separated by commas or spaces (for example MN, OR).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in scoring.CRITERIA:
            self.fields[weight_field_name(criterion)] = forms.IntegerField(
                label=scoring.CRITERION_LABELS[criterion],
                required=False,
                min_value=0,
                max_value=scoring.MAX_FORM_WEIGHT,
                initial=scoring.DEFAULT_WEIGHTS[criterion],
                widget=forms.NumberInput(
                    attrs={"type": "range", "step": 1, "class": "weight-slider"}
                ),
            )

    @staticmethod
    def state_codes(text: str) -> list[str]:
        return [part.upper() for part in text.replace(",", " ").split() if part]

    def clean_states(self) -> list[str]:
        codes = self.state_codes(self.cleaned_data.get("states") or "")
        unknown = [code for code in codes if code not in STATE_CODES]
        if unknown:
            raise forms.ValidationError(
                f"{unknown[0]!r} is not a US state code (two letters, like MN)."
            )
        return sorted(set(codes))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("score") and not any(
            cleaned.get(name) for name in WEIGHT_FIELDS if not self.has_error(name)
        ):
            raise forms.ValidationError("Give at least one criterion a weight above zero.")
        return cleaned

    def weights(self) -> dict[str, float]:
        """The chosen weights; a slider left unset counts at its default."""
        weights: dict[str, float] = {}
        for criterion in scoring.CRITERIA:
            value = self.cleaned_data.get(weight_field_name(criterion))
            weights[criterion] = float(
                scoring.DEFAULT_WEIGHTS[criterion] if value is None else value
            )
        return weights

    def preferred_states(self) -> list[str]:
        return list(self.cleaned_data.get("states") or [])

    @staticmethod
    def initial_from(weights: dict[str, Any], preferred_states: str) -> dict[str, Any]:
        """Form data for saved weights (as query-string values)."""
        data: dict[str, Any] = {
            weight_field_name(criterion): min(
                scoring.MAX_FORM_WEIGHT, max(0, round(float(weights.get(criterion, 0))))
            )
            for criterion in scoring.CRITERIA
        }
        data["states"] = preferred_states.replace(",", ", ")
        return data


class ProgramProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    """What a program's director or coordinator edits."""

    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Program
        fields = list(services.PROFILE_FIELDS)
        labels = {"kind": "Program type", "city": "City"}
        widgets = {
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "call_schedule": forms.TextInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("research_rotation", "icu_rotation"):
            widget = forms.NullBooleanSelect()
            widget.choices = [("unknown", "Not reported"), ("true", "Yes"), ("false", "No")]
            self.fields[name].widget = widget


#: The profile form's fields, grouped as the edit page shows them.
PROFILE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Program", ("name", "kind", "institution", "city", "state", "accreditation_status")),
    (
        "Positions a year (NRMP position types)",
        (
            "positions_categorical",
            "positions_advanced",
            "positions_preliminary",
            "positions_physician",
        ),
    ),
    (
        "Case volume and procedure mix (percent of IR cases)",
        (
            "annual_case_volume",
            "mix_vascular_pct",
            "mix_oncologic_pct",
            "mix_neuro_pct",
            "mix_pediatric_pct",
        ),
    ),
    (
        "Faculty, research and rotations",
        (
            "faculty_count",
            "publications_per_year",
            "research_rotation",
            "icu_rotation",
            "call_schedule",
        ),
    ),
    ("Salary by postgraduate year (US dollars)", tuple(f"salary_pgy{y}" for y in range(1, 8))),
    (
        "Benefits, interviews and contact",
        (
            "benefits",
            "interview_format",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
        ),
    ),
)


class ImportForm(forms.Form):
    file = forms.FileField(label="Programs CSV file")
    dry_run = forms.BooleanField(
        label="Check only (dry run): report what would change, save nothing",
        required=False,
        initial=True,
    )
