from typing import Any

from django import forms
from django.contrib import admin

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


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "title",
        "organisation",
        "setting",
        "subspecialty",
        "state",
        "is_open",
        "is_synthetic",
    ]
    list_filter = ["setting", "subspecialty", "is_open", "is_synthetic"]
    search_fields = ["title", "organisation", "city"]
    autocomplete_fields = ["employer"]


@admin.register(SavedJob)
class SavedJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saved jobs hold private notes: the list shows no notes."""

    list_display = ["owner", "posting", "status", "updated_at"]
    list_filter = ["status"]
    exclude = ["notes"]
    readonly_fields = ["owner", "posting"]
