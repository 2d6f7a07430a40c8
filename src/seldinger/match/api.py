"""JSON API for the match engine (mounted at /api/match/): POST an instance, get the result.

Thin: the pure engine (``seldinger.match.parse`` and ``seldinger.match.solve``) does the
work, as for ``seldinger match run``, so the API and the command line give the same JSON.
"""

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from ninja import Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.errors import Invalid
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match

router = Router(tags=["match"])


class MatchResultOut(Schema):
    matches: dict[str, str | None]
    supplemental_matches: dict[str, str]
    unfilled: dict[str, int]
    stable: bool
    stats: dict[str, Any]


_INSTANCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["programs", "applicants"],
    "properties": {
        "programs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "positions"],
                "properties": {
                    "id": {"type": "string"},
                    "positions": {"type": "integer", "minimum": 0},
                    "kind": {
                        "type": "string",
                        "enum": ["categorical", "advanced", "preliminary", "physician"],
                    },
                    "rank_list": {"type": "array", "items": {"type": "string"}},
                    "reverts_to": {"type": "string"},
                },
            },
        },
        "applicants": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "rank_list": {"type": "array", "items": {"type": "string"}},
                    "supplemental": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
        "couples": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["members", "rank_list"],
                "properties": {
                    "members": {"type": "array", "items": {"type": "string"}},
                    "rank_list": {
                        "type": "array",
                        "items": {"type": "array", "items": {"type": ["string", "null"]}},
                    },
                },
            },
        },
    },
}


@router.post(
    "/run",
    auth=logged_in,
    response={200: MatchResultOut, 400: ErrorOut},
    summary="Run the match on an instance",
    description=(
        "The body is a match instance (docs/match.md): programs with positions, kind and rank "
        "lists, applicants with rank lists and supplemental lists, couples with paired rank "
        "lists. The answer is the result `seldinger match run --format json` prints: "
        "matches, supplemental_matches, unfilled, stable and stats. A malformed instance "
        "answers 400 with the problem and where it is (e.g. "
        "`applicants[12].rank_list[3]: unknown program 'P99'`). Large instances: use the "
        "command line (the request size limit applies). Needs a login."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _INSTANCE_SCHEMA}},
        }
    },
)
def run(request: AuthedRequest) -> object:
    try:
        body = request.body
    except RequestDataTooBig:
        raise Invalid(
            "instance: too large for the API; use `seldinger match run`", field="instance"
        ) from None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise Invalid(f"instance: not valid JSON ({error})", field="instance") from None
    return Status(200, run_match(parse_instance(data)).as_dict())
