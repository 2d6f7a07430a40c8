from django import forms

from seldinger.credentials.models import Credential


class CredentialForm(forms.ModelForm):  # type: ignore[type-arg]
    """Field input only; kind-specific checks are the service's (``check_credential``)."""

    class Meta:
        model = Credential
        fields = ["kind", "state", "institution", "number", "issued_on", "expires_on", "cme_rules"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "cme_rules": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        # The service validates and saves; skip building and checking a model instance here.
        pass
