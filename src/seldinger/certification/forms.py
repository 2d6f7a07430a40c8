from typing import Any

from django import forms
from django.utils import timezone

from seldinger.certification.models import Certificate, CmeActivity, PqiActivity
from seldinger.certification.services import (
    ALLOWED_EXTENSIONS,
    CertificateRejected,
    inspect_certificate,
)
from seldinger.pathways.planner import STAGE_KEYS
from seldinger.rules import default_parameters
from seldinger.web.forms import Range, RangeChecks

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pathway_choices() -> list[tuple[str, str]]:
    rules = default_parameters()
    return [("", "Not in training")] + [
        (key.removeprefix("pathways/"), parameter.name or key)
        for key, parameter in rules.under("pathways").items()
        if not key.endswith("subspecialty-fellowships")
    ]


class ProfileForm(forms.Form):
    certificate = forms.ChoiceField(
        choices=[("", "No certificate yet"), *Certificate.choices], required=False
    )
    initial_certification = forms.DateField(
        label="Initial certification date",
        required=False,
        widget=DATE,
        help_text="Decides the certificate type: lifetime (before 2002), time-limited "
        "(2002-2011) or continuous (2012 on).",
    )
    opted_in = forms.BooleanField(
        label="Lifetime certificate: I take part in continuing certification", required=False
    )
    pathway = forms.ChoiceField(label="Training pathway (trainees)", required=False)
    stage = forms.ChoiceField(
        label="Current stage (trainees)",
        choices=[("", "-"), *((key, key.upper()) for key in STAGE_KEYS)],
        required=False,
    )
    stage_start = forms.DateField(
        label="Date the current stage started",
        required=False,
        widget=DATE,
        help_text="For example July 1 of your PGY year.",
    )
    core_exam_passed_on = forms.DateField(label="Core exam passed on", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pathway = self.fields["pathway"]
        assert isinstance(pathway, forms.ChoiceField)
        pathway.choices = _pathway_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        training = [data.get("pathway"), data.get("stage"), data.get("stage_start")]
        if any(training) and not all(training):
            raise forms.ValidationError(
                "For training give the pathway, the current stage and the date it started."
            )
        return data


class CmeForm(forms.ModelForm):  # type: ignore[type-arg]
    upload = forms.FileField(
        label="Certificate (PDF, PNG or JPEG)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )

    class Meta:
        model = CmeActivity
        fields = list(CmeActivity.EDITABLE_FIELDS)
        widgets = {"date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self.fields["date"].initial = timezone.localdate()

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                inspect_certificate(upload)
            except CertificateRejected as error:
                raise forms.ValidationError(error.message) from None
        return upload


class OlaForm(RangeChecks, forms.Form):
    ranges = (
        Range(
            "correct",
            "answered",
            error_on="correct",
            message="Cannot be more than the questions answered.",
        ),
    )

    year = forms.IntegerField(min_value=2000, max_value=2100)
    answered = forms.IntegerField(min_value=0, max_value=1000)
    declined = forms.IntegerField(min_value=0, max_value=1000, initial=0)
    correct = forms.IntegerField(min_value=0, max_value=1000, required=False)


class PqiForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PqiActivity
        fields = ["title", "kind", "completed_on"]
        widgets = {"completed_on": DATE}
