"""The forms of a program's people page and of an invitation's link."""

from django import forms

from seldinger.people import roster
from seldinger.people.models import Invitation


class DateInput(forms.DateInput):
    input_type = "date"


class InviteForm(forms.Form):
    first_name = forms.CharField(max_length=roster.MAX_NAME)
    last_name = forms.CharField(max_length=roster.MAX_NAME)
    email = forms.EmailField(label="E-mail", max_length=roster.MAX_EMAIL)
    role = forms.ChoiceField(choices=Invitation.Role.choices)
    start_date = forms.DateField(required=False, widget=DateInput, label="Starts")
    end_date = forms.DateField(
        required=False,
        widget=DateInput,
        label="Ends",
        help_text="For residents and fellows: the expected graduation date.",
    )


class RosterForm(forms.Form):
    file = forms.FileField(
        label="Roster file",
        help_text=(
            "CSV or XLSX with a header row: email, first_name, last_name, role "
            "(resident, fellow or faculty), and optionally start_date and end_date "
            "(YYYY-MM-DD), and for residents and fellows pgy (1 to 7) with the pathway it is "
            "a year of (such as integrated-ir). You see every row before anyone is invited."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class AcceptForm(forms.Form):
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="The password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        first, again = cleaned.get("password"), cleaned.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", "The two passwords differ.")
        return cleaned
