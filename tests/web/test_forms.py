"""A form's ranges: the low end may not exceed the high one."""

from django import forms

from seldinger.web.forms import Range, RangeChecks


class Shift(RangeChecks, forms.Form):
    ranges = (Range("first", "last", error_on="last", message="Ends before it starts."),)

    first = forms.IntegerField(required=False)
    last = forms.IntegerField(required=False)


def test_a_reversed_range_is_refused_on_the_field_named():
    form = Shift(data={"first": "5", "last": "3"})

    assert not form.is_valid()
    assert form.errors == {"last": ["Ends before it starts."]}


def test_an_equal_or_open_ended_range_passes():
    assert Shift(data={"first": "3", "last": "3"}).is_valid()
    assert Shift(data={"first": "5", "last": ""}).is_valid()
    assert Shift(data={"first": "", "last": "3"}).is_valid()
