from django import forms


class CodeForm(forms.Form):
    """A code from an authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class SecondStepForm(CodeForm):
    """The code asked for after the password: the one thing on its page."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].label = "Code from your app, or a recovery code"
        self.fields["code"].widget.attrs["autofocus"] = True


class AuthenticatorCodeForm(CodeForm):
    """The six digits an authenticator app shows."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].label = "Code the app shows"
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autofocus": True})
