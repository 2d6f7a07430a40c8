"""The OpenAPI document names each schema once: two classes of one name would share a component."""

import importlib
import pkgutil

from ninja import Schema

import seldinger
from seldinger.api import api


def _api_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(seldinger.__path__, "seldinger.")
        if info.name.rsplit(".", 1)[-1].startswith("api")
    ]


def test_no_two_api_schemas_share_a_name():
    owners: dict[str, set[str]] = {}
    for name in _api_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == name:
                owners.setdefault(value.__name__, set()).add(name)
    assert len(owners) > 50
    assert {schema: where for schema, where in owners.items() if len(where) > 1} == {}


def test_a_plans_events_are_the_planners_events_in_the_document():
    schemas = api.get_openapi_schema(path_prefix="/api/")["components"]["schemas"]
    events = schemas["PlanOut"]["properties"]["events"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert events == "PlanEventOut"
    assert {"key", "name", "date", "approximate"} <= set(schemas[events]["properties"])
