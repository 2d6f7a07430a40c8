from django import forms
from django.utils import timezone

from seldinger.pathways.models import RESIDENCY_STAGES, TimeOff
from seldinger.pathways.planner import ALL_PATHWAYS, STAGE_KEYS
from seldinger.pathways.selectors import pathway_choices
from seldinger.web.forms import Range, RangeChecks


def stage_label(key: str) -> str:
    if key == "premed":
        return "Premed (college)"
    if key.startswith("ms"):
        return f"Medical school, year {key[2:]}"
    return f"Residency, PGY-{key[3:]}"


class PlanForm(forms.Form):
    stage = forms.ChoiceField(
        label="Where are you now?",
        choices=[(key, stage_label(key)) for key in STAGE_KEYS],
    )
    date = forms.DateField(
        label="Date you started that stage",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For example the first day of medical school, or July 1 of your PGY year.",
    )
    pathway = forms.ChoiceField(label="Pathway")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        today = timezone.localdate()
        pathway = self.fields["pathway"]
        assert isinstance(pathway, forms.ChoiceField)
        pathway.choices = [
            (ALL_PATHWAYS, "Compare all pathways"),
            *pathway_choices(on=today),
        ]
        self.fields["date"].initial = today

    def offers_pathway(self, key: str | None) -> bool:
        """Whether ``key`` is one of the pathways (or "all") the form lets the user choose."""
        pathway = self.fields["pathway"]
        assert isinstance(pathway, forms.ChoiceField)
        return key is not None and pathway.valid_value(key)


class SavePlanForm(PlanForm):
    title = forms.CharField(label="Name this plan", max_length=120, required=False)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingForm(forms.Form):
    pathway = forms.ChoiceField(label="Training pathway")
    stage = forms.ChoiceField(
        label="Your postgraduate year",
        choices=[(key, stage_label(key)) for key, _ in RESIDENCY_STAGES],
    )
    stage_start = forms.DateField(
        label="Date that year started", widget=DATE, help_text="Usually July 1."
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        pathway = self.fields["pathway"]
        assert isinstance(pathway, forms.ChoiceField)
        pathway.choices = pathway_choices(on=timezone.localdate(), current_only=False)


class TimeOffForm(RangeChecks, forms.Form):
    ranges = (
        Range("start", "end", error_on="end", message="The last day is before the first day."),
    )

    kind = forms.ChoiceField(choices=TimeOff.Kind.choices)
    start = forms.DateField(label="First day", widget=DATE)
    end = forms.DateField(label="Last day", widget=DATE)
