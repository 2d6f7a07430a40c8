"""The form a person makes a personal API token with."""

from django import forms

from seldinger.accounts.models import ApiToken


def _lasting(days: int) -> str:
    return "1 year" if days == 365 else f"{days} days"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, so that you know it in the list."
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text="A read-only token is refused on anything that would change a record.",
    )
    lifetime_days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(days, _lasting(days)) for days in ApiToken.LIFETIMES],
        coerce=int,
        initial=90,
    )
