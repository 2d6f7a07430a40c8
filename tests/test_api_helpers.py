"""The API's shared helpers: optional filters and schemas derived from the cores' records."""

import dataclasses

import pydantic
import pytest

from seldinger.api_helpers import narrowed, schema_of
from seldinger.pathways.models import SavedPlan


@dataclasses.dataclass(frozen=True)
class _Window:
    start: int
    note: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    internal: bool = False


def test_schema_of_keeps_order_types_and_defaults_and_leaves_out_excluded():
    schema = schema_of(_Window, "WindowOut", exclude=["internal"])
    assert schema.__name__ == "WindowOut"
    assert list(schema.model_fields) == ["start", "note", "tags"]
    assert schema.model_fields["start"].is_required()
    assert [field.annotation for field in schema.model_fields.values()] == [int, str, list[str]]
    assert schema(start=1).model_dump() == {"start": 1, "note": "", "tags": []}
    with pytest.raises(pydantic.ValidationError):
        schema(start="not a number")


@pytest.mark.django_db
def test_narrowed_skips_filters_left_out_or_blank(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    kept = SavedPlan.objects.create(
        owner=owner, stage="ms4", stage_start="2026-07-01", pathway="integrated", title="a"
    )
    SavedPlan.objects.create(
        owner=owner, stage="pgy1", stage_start="2026-07-01", pathway="integrated", title="b"
    )
    everything = SavedPlan.objects.order_by("pk")
    assert list(narrowed(everything, stage=None, title="")) == list(everything)
    assert list(narrowed(everything, stage="ms4", title="")) == [kept]
