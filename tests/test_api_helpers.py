"""The API's shared helpers: optional filters, schemas derived from the cores' records and the
endpoints of one record."""

import dataclasses

import pydantic
import pytest
from django.urls import reverse
from ninja import Router, Schema

from seldinger.api import api
from seldinger.api_helpers import RecordEndpoints, narrowed, schema_of
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


def test_record_endpoints_are_named_as_if_written_in_the_router_module():
    """A generated client sees the same operation ids and parameters as for hand-written ones."""
    document = api.get_openapi_schema(path_prefix="/api/")
    shift = document["paths"]["/api/workhours/shifts/{shift_id}"]
    assert [shift[method]["operationId"] for method in ("get", "put", "delete")] == [
        "seldinger_workhours_api_get_shift",
        "seldinger_workhours_api_update_shift",
        "seldinger_workhours_api_delete_shift",
    ]
    assert [p["name"] for p in shift["put"]["parameters"]] == ["shift_id"]
    assert set(shift["delete"]["responses"]) == {204, 401, 403, 404, 422}
    assert reverse("api-0.1.0:get_shift", args=[7]) == "/api/workhours/shifts/7"


def test_record_endpoints_want_a_path_that_ends_in_the_records_id():
    with pytest.raises(ValueError, match="does not end in the record's id"):
        RecordEndpoints(Router(), "/shifts", Schema, find=lambda user, pk: SavedPlan())
