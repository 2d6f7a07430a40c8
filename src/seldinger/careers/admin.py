from typing import Any

from django import forms
from django.contrib import admin

from seldinger.admin_pages import register
from seldinger.careers.community import AUDIENCES
from seldinger.careers.models import CommunityEvent, JobPosting, SavedJob


class CommunityEventForm(forms.ModelForm):  # type: ignore[type-arg]
    audiences = forms.MultipleChoiceField(
        choices=AUDIENCES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Who sees the event on the community page (everyone can show all events).",
    )
    url = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = CommunityEvent
        fields = [
            "title",
            "kind",
            "start_date",
            "end_date",
            "audiences",
            "description",
            "url",
            "dates_are_examples",
        ]

    def clean_audiences(self) -> list[Any]:
        return list(self.cleaned_data["audiences"])


# Admin classes are generic only in django-stubs (not at run time), hence the ignores.
@admin.register(CommunityEvent)
class CommunityEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CommunityEventForm
    list_display = ["title", "kind", "start_date", "end_date", "dates_are_examples"]
    list_filter = ["kind", "dates_are_examples"]
    search_fields = ["title", "description"]


register(
    JobPosting,
    ("title", "organisation", "setting", "subspecialty", "state", "is_open", "is_synthetic"),
    filters=("setting", "subspecialty", "is_open", "is_synthetic"),
    search=("title", "organisation", "city"),
    autocomplete_fields=("employer",),
)
# Saved jobs hold private notes: the list shows no notes.
register(
    SavedJob,
    ("owner", "posting", "status", "updated_at"),
    filters=("status",),
    hidden=("notes",),
    read_only=("owner", "posting"),
)
