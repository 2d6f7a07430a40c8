"""Schema fields derived from the model field they fill: its length and its range."""

import pytest
from ninja import Schema
from pydantic import ValidationError

from seldinger.api_helpers import model_field
from seldinger.certification.models import CmeActivity, OlaRecord
from seldinger.scholarship.models import MeetingNote


class Example(Schema):
    title: str = model_field(CmeActivity, "title")
    year: int = model_field(OlaRecord, "year", le=2100)
    answered: int = model_field(OlaRecord, "answered", default=0)


def test_a_text_is_as_long_as_its_column_and_a_number_in_its_range():
    schema = Example.model_json_schema()["properties"]
    assert schema["title"]["maxLength"] == 200
    assert (schema["year"]["minimum"], schema["year"]["maximum"]) == (2000, 2100)
    assert (schema["answered"]["minimum"], schema["answered"]["maximum"]) == (0, 2_147_483_647)
    assert schema["answered"]["default"] == 0


def test_values_outside_are_refused():
    with pytest.raises(ValidationError) as error:
        Example(title="x" * 201, year=1999, answered=-1)
    assert [item["loc"][0] for item in error.value.errors()] == ["title", "year", "answered"]


class Kinds(Schema):
    notes: str = model_field(MeetingNote, "notes")
    credits: float = model_field(CmeActivity, "credits")
    any_credits: float = model_field(CmeActivity, "credits", column_only=True)


def test_a_text_column_is_bounded_and_a_decimal_within_its_digits():
    schema = Kinds.model_json_schema()["properties"]
    assert schema["notes"]["maxLength"] == 10_000
    assert (schema["credits"]["minimum"], schema["credits"]["maximum"]) == (0.25, 9999.99)
    assert (schema["any_credits"]["minimum"], schema["any_credits"]["maximum"]) == (
        -9999.99,
        9999.99,
    )
