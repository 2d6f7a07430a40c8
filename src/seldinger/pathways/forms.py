from django import forms
from django.utils import timezone

from seldinger.pathways.planner import STAGE_KEYS
from seldinger.pathways.selectors import ALL_PATHWAYS, pathway_choices


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


class SavePlanForm(PlanForm):
    title = forms.CharField(label="Name this plan", max_length=120, required=False)
