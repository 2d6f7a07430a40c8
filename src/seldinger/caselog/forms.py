"""Input for the case log: the log/edit form, list filters and the return comment.

The case form does no checking of its own beyond finding the procedure from
what was typed: ``entries.validate_case`` is the single validation for the
web, the API and imports, and its errors are put next to the fields here.
"""

import datetime as dt
from typing import Any

from django import forms
from django.urls import reverse

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.caselog import selectors
from seldinger.caselog.catalogue import Catalogue, Procedure
from seldinger.caselog.entries import FIELDS, CaseData, validate_case
from seldinger.caselog.fields import (
    MAX_LENGTHS,
    RETURN_COMMENT_MAX_LENGTH,
    initial,
    values_of,
)
from seldinger.caselog.models import AgeBand, CaseEntry, CaseRole, Complication, Modality
from seldinger.caselog.phi import phi_message
from seldinger.web.forms import LongChoiceField, LongSelect

#: Friendlier words for validate_case's "required", per field.
REQUIRED_MESSAGES = {
    "date": "Enter the date of the case.",
    "procedure": "Type a procedure and choose it from the list.",
    "role": "Choose your role.",
    "modality": "Choose the modality.",
}
DECIMAL_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def may_log_cases(user: User) -> bool:
    """Residents and fellows (by role or by a trainee membership) keep a case log."""
    return access.is_trainee(user)


def supervisor_usernames(trainee: User) -> set[str]:
    return set(selectors.supervisors_for(trainee).values_list("username", flat=True))


def latest_cases(trainee: User, count: int = 5) -> list[CaseEntry]:
    """The trainee's last ``count`` cases logged, newest first (with their supervisors)."""
    return list(selectors.cases_of(trainee).order_by("-created_at", "-pk")[:count])


def new_case_initial(
    trainee: User,
    today: dt.date,
    *,
    latest: CaseEntry | None = None,
    supervisors: set[str] | None = None,
) -> dict[str, Any]:
    """Defaults for the next case: today, and the supervisor and modality of the latest one.

    ``latest`` and ``supervisors`` (usernames a case may name), when the caller has them
    already, spare a query each."""
    initial: dict[str, Any] = {"date": today, "complication": Complication.NONE}
    if latest is None:
        found = latest_cases(trainee, 1)
        latest = found[0] if found else None
    if latest is not None:
        initial["modality"] = latest.modality
        if latest.supervisor is not None and latest.supervisor.username in (
            supervisors if supervisors is not None else supervisor_usernames(trainee)
        ):
            initial["supervisor"] = latest.supervisor.username
    return initial


def case_initial(case: CaseEntry, catalogue: Catalogue) -> dict[str, Any]:
    """The form's fields for an existing case."""
    procedure = catalogue.get(case.procedure_key)
    return {
        **initial(values_of(case)),
        "procedure_query": procedure.name if procedure else case.procedure_key,
    }


def recent_procedures(trainee: User, catalogue: Catalogue, limit: int = 5) -> list[Procedure]:
    """The trainee's most recently logged distinct procedures (quick picks for repeat cases)."""
    keys = (
        selectors.cases_of(trainee)
        .order_by("-created_at", "-pk")
        .values_list("procedure_key", flat=True)[:100]
    )
    found: list[Procedure] = []
    for key in dict.fromkeys(keys):
        procedure = catalogue.get(key)
        if procedure is not None:
            found.append(procedure)
        if len(found) == limit:
            break
    return found


def _text_field(label: str, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.TextInput(attrs={**DECIMAL_ATTRS, **attrs})
    )


class CaseForm(forms.Form):
    """One case. Every field is optional here: ``validate_case`` decides what is missing."""

    procedure_query = forms.CharField(
        label="Procedure",
        required=False,
        max_length=200,
        help_text="Type a name, synonym or CPT code, then choose the procedure.",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "enterkeyhint": "search",
                "aria-controls": "procedure-results",
            }
        ),
    )
    # Chosen from the search results (radio buttons rendered by the template).
    procedure = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.CharField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    role = forms.CharField(
        label="Your role", required=False, widget=forms.RadioSelect(choices=CaseRole.choices)
    )
    # The selects are written out without a template per option (web.forms.LongSelect): the
    # form is the page a resident opens after every case.
    supervisor = forms.CharField(label="Supervising faculty", required=False, widget=LongSelect)
    modality = forms.CharField(
        label="Modality",
        required=False,
        widget=LongSelect(choices=[("", "Choose…"), *Modality.choices]),
    )
    age_band = forms.CharField(
        label="Patient age band",
        required=False,
        widget=LongSelect(choices=[("", "Not recorded"), *AgeBand.choices]),
    )
    fluoro_minutes = _text_field("Fluoroscopy time (min)")
    dap_gycm2 = _text_field("Dose-area product (Gy·cm²)")
    air_kerma_mgy = _text_field("Reference air kerma (mGy)")
    complication = forms.CharField(
        label="Complication (SIR grade)",
        required=False,
        widget=LongSelect(choices=Complication.choices),
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=MAX_LENGTHS["notes"],
        help_text="No names, record numbers or dates: anything that could identify the "
        "patient is refused.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    #: Fields shown folded under "More" unless filled in or wrong.
    OPTIONAL_FIELDS = ("age_band", "fluoro_minutes", "dap_gycm2", "air_kerma_mgy", "notes")

    def __init__(
        self,
        *args: Any,
        trainee: User,
        catalogue: Catalogue,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.trainee = trainee
        self.catalogue = catalogue
        self.today = today
        self.case_data: CaseData | None = None
        #: Procedures matching what was typed, when it did not name exactly one.
        self.procedure_matches: list[Procedure] = []
        self.supervisors = list(selectors.supervisors_for(trainee))
        supervisor = self.fields["supervisor"].widget
        assert isinstance(supervisor, forms.Select)
        supervisor.choices = [
            ("", "No supervisor named"),
            *((user.username, user.get_full_name() or user.username) for user in self.supervisors),
        ]
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["procedure_query"].widget.attrs.update(
            {
                "hx-get": reverse("caselog:procedure_search"),
                "hx-trigger": "input changed delay:250ms, search",
                "hx-target": "#procedure-results",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = {name: cleaned.get(name, "") for name in FIELDS}
        raw["procedure"], problem = self._resolve_procedure(cleaned)
        if problem:
            self.add_error("procedure_query", problem)
        data, errors = validate_case(
            raw,
            catalogue=self.catalogue,
            supervisors={user.username for user in self.supervisors},
            today=self.today,
        )
        for error in errors:
            if error.field == "procedure" and problem:
                continue
            field: str | None = error.field if error.field in self.fields else None
            if error.field == "procedure":
                field = "procedure_query"
            self.add_error(field, self._message(error.field, error.message))
        if not self.errors:
            self.case_data = data
        return cleaned

    def _resolve_procedure(self, cleaned: dict[str, Any]) -> tuple[str, str | None]:
        """The procedure key for validate_case, or a message when the text names none or many."""
        chosen = (cleaned.get("procedure") or "").strip()
        if chosen:
            return chosen, None  # an unknown key is reported by validate_case
        query = (cleaned.get("procedure_query") or "").strip()
        if not query:
            return "", None
        found = self.catalogue.resolve(query)
        if found is not None:
            return found.key, None
        lowered = query.lower()
        exact = [
            procedure
            for procedure in self.catalogue.procedures.values()
            if procedure.name.lower() == lowered
            or lowered in (synonym.lower() for synonym in procedure.synonyms)
        ]
        if len(exact) == 1:
            return exact[0].key, None
        self.procedure_matches = self.catalogue.search(query)
        if len(self.procedure_matches) == 1:
            return self.procedure_matches[0].key, None
        if not self.procedure_matches:
            return "", f"No procedure matches “{query}”; try another name, synonym or CPT code."
        return "", f"Several procedures match “{query}”; choose one below."

    @staticmethod
    def _message(field: str, message: str) -> str:
        if message == "required":
            return REQUIRED_MESSAGES.get(field, "This field is required.")
        return message[:1].upper() + message[1:]

    def show_more(self) -> bool:
        """Whether the optional fields should start unfolded (a value or an error in them)."""
        return any(self[name].errors or self[name].value() for name in self.OPTIONAL_FIELDS)

    def selected_procedure(self) -> str:
        value = self["procedure"].value()
        return str(value) if value else ""


class CaseFilterForm(forms.Form):
    """Filters of a case list; invalid ones are ignored (and shown)."""

    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = LongChoiceField(label="Category", required=False)
    status = LongChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *CaseEntry.Status.choices],
    )

    def __init__(self, *args: Any, catalogue: Catalogue, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [
            ("", "Any category"),
            *sorted(
                ((item.key, item.name) for item in catalogue.categories.values()),
                key=lambda pair: pair[1],
            ),
        ]

    def filter(self, cases: Any) -> Any:
        """``cases`` narrowed by the valid filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("date_from"):
            cases = cases.filter(performed_on__gte=data["date_from"])
        if data.get("date_to"):
            cases = cases.filter(performed_on__lte=data["date_to"])
        if data.get("category"):
            cases = cases.filter(category_key=data["category"])
        if data.get("status"):
            cases = cases.filter(status=data["status"])
        return cases


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What should the trainee correct?",
        max_length=RETURN_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the trainee should correct."},
    )

    def clean_comment(self) -> str:
        comment: str = self.cleaned_data["comment"].strip()
        problem = phi_message(comment)
        if problem:
            raise forms.ValidationError(problem)
        return comment
