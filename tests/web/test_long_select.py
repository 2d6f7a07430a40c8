"""Long selects and record links written directly: the same markup and answers as Django's
own ``Select``, ``ChoiceField`` and ``{% url %}``."""

import pytest
from django import forms
from django.template import engines
from django.urls import reverse

from seldinger.web.forms import LongChoiceField
from seldinger.web.templatetags.links import text_url

CHOICES = [
    ("a", "Alpha & <b>Beta</b>"),
    ("TEST-0001:advanced", 'Quoted "program" · Advanced'),
    ("", "None yet"),
    (3, "Three"),
    ("a", "Alpha again"),
]
ATTRS = {"class": "wide", "data-note": 'say "hi"', "disabled": True, "hidden": False}


class DjangoForm(forms.Form):
    track = forms.ChoiceField(choices=CHOICES)
    other = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.Select(attrs=ATTRS))


class LongForm(forms.Form):
    track = LongChoiceField(choices=CHOICES)
    other = LongChoiceField(choices=CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].widget.attrs.update(ATTRS)


@pytest.mark.parametrize(
    "data", [None, {"track": "a", "other": "3"}, {"track": "nowhere"}, {"other": ""}]
)
def test_a_long_select_writes_what_djangos_select_writes(data):
    django_form, long_form = DjangoForm(data, prefix="sup7"), LongForm(data, prefix="sup7")

    for name in ("track", "other"):
        assert str(long_form[name]) == str(django_form[name])
    assert long_form.is_valid() == django_form.is_valid()
    assert long_form.errors == django_form.errors


def test_a_long_select_with_groups_is_written_by_django():
    grouped = [("Advanced", [("x:advanced", "X")]), ("Preliminary", [("y:preliminary", "Y")])]
    field = LongChoiceField(choices=grouped)

    html = field.widget.render("track", "y:preliminary")

    assert '<optgroup label="Advanced">' in html
    assert '<option value="y:preliminary" selected>Y</option>' in html


def test_copies_of_a_form_share_its_choices_until_one_gets_new_ones():
    form, other = LongForm(), LongForm()
    form.fields["track"].choices = [("b", "Bee")]

    assert [value for value, _ in other.fields["track"].choices] == [
        "a",
        "TEST-0001:advanced",
        "",
        3,
        "a",
    ]
    assert form["track"].field.widget.choices == [("b", "Bee")]


@pytest.mark.parametrize(
    ("name", "record"),
    [("caselog:case_detail", 42), ("caselog:verify_case", 7), ("applications:rank_list_move", 0)],
)
def test_a_record_link_is_the_url_django_reverses(name, record):
    template = engines["django"].from_string(
        "{% load links %}{% id_url name record %}|{% url name record %}"
    )

    fast, django = template.render({"name": name, "record": record}).split("|")

    assert fast == django


@pytest.mark.parametrize("username", ["resident", "a.b+c@d-e_f", "jörg", "100% sure"])
def test_a_username_link_is_the_url_django_reverses(username):
    progress_of = text_url("caselog:progress_of")

    assert progress_of(username) == reverse("caselog:progress_of", args=[username])
