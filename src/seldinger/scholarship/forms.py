"""Field input only: the services check and save (``services.ScholarshipError``)."""

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone

from seldinger.scholarship.export import AcademicYear
from seldinger.scholarship.models import ACTIVITY_MODELS, Activity


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    def _post_clean(self) -> None:
        # The service validates and saves; skip building and checking a model instance here.
        pass


def _widget(field: models.Field) -> forms.Widget | None:  # type: ignore[type-arg]
    if isinstance(field, models.DateField):
        return forms.DateInput(attrs={"type": "date"})
    if isinstance(field, models.TextField):
        return forms.Textarea(attrs={"rows": 3})
    return None


def activity_form_class(kind: str) -> type[ActivityForm]:
    model: type[Activity] = ACTIVITY_MODELS[kind]
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {}
    for name in model.FIELDS:
        widget = _widget(model._meta.get_field(name))  # type: ignore[arg-type]
        if widget is not None:
            widgets[name] = widget
    form = forms.modelform_factory(
        model, form=ActivityForm, fields=list(model.FIELDS), widgets=widgets
    )
    return form  # type: ignore[return-value]


class MentorForm(forms.Form):
    resident: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(queryset=None)
    mentor: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        queryset=None,
        label="Faculty mentor",
    )

    def __init__(self, *args: Any, residents: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        for name in ("resident", "mentor"):
            self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                lambda user: user.get_full_name() or user.get_username()
            )


class NoteForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))


FORMATS = (
    ("csv", "CSV (one row per activity)"),
    ("summary-csv", "CSV (summary)"),
    ("xlsx", "XLSX (both sheets)"),
)


def _year_choices() -> list[tuple[int, str]]:
    current = AcademicYear.containing(timezone.localdate()).start_year
    return [(year, AcademicYear(year).label) for year in range(current, current - 8, -1)]


class ExportForm(forms.Form):
    program: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(queryset=None)
    year = forms.TypedChoiceField(coerce=int, choices=_year_choices, label="Academic year")
    format = forms.ChoiceField(choices=FORMATS)

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        if len(programs) == 1:
            self.fields["program"].initial = programs[0].pk
        self.fields["year"].initial = AcademicYear.containing(timezone.localdate()).start_year - 1
