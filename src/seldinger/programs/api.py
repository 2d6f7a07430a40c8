"""JSON API for the program directory. Thin: the selectors and services do the work.

Reading is public; ``PUT /{acgme_id}`` is for the program's own director or
coordinator (401 without a login, 403 for anyone else, 404 for an unknown ID).
"""

from typing import TYPE_CHECKING, Annotated

from django.http import HttpRequest
from ninja import Field, ModelSchema, Query, Router, Schema, Status
from pydantic import create_model

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    MAX_ITEMS,
    PageIn,
    Real,
    SearchText,
    label_of,
    model_field,
    page_of,
    paged,
    schema_of,
)
from seldinger.errors import NotFound
from seldinger.programs import scoring, selectors, services
from seldinger.programs.models import Program
from seldinger.programs.selectors import DirectoryFilters

router = Router(tags=["programs"])


class ProgramOut(ModelSchema):
    kind_label: str = label_of("kind")
    accreditation_label: str = label_of("accreditation_status")
    interview_format_label: str = label_of("interview_format")
    offers_esir: bool
    positions_total: int

    class Meta:
        model = Program
        exclude = ["id"]


class _ProfileFields(ModelSchema):
    class Meta:
        model = Program
        fields = list(services.PROFILE_FIELDS)
        fields_optional = "__all__"


if TYPE_CHECKING:
    ProgramProfileIn = Schema
else:
    # The profile's fields with their columns' limits (a ModelSchema gives only the types);
    # the service checks the rest, naming every field at fault.
    ProgramProfileIn = create_model(
        "ProgramProfileIn",
        __base__=Schema,
        __doc__="Profile fields to change; fields left out keep their values, null clears a "
        "number.",
        **{
            name: (info.annotation, model_field(Program, name, column_only=True, default=None))
            for name, info in _ProfileFields.model_fields.items()
        },
    )


if TYPE_CHECKING:
    FiltersIn = Schema
    CriterionOut = Schema
else:
    FiltersIn = schema_of(
        DirectoryFilters,
        "FiltersIn",
        types={
            **dict.fromkeys(("q", "kind", "state", "accreditation"), SearchText),
            "min_positions": Annotated[int, model_field(Program, "positions_categorical")] | None,
            "min_case_volume": Annotated[int, model_field(Program, "annual_case_volume")] | None,
        },
    )
    CriterionOut = schema_of(scoring.CriterionScore, "CriterionOut")


class ScoreIn(Schema):
    weights: dict[str, Real]
    preferred_states: list[SearchText] = Field([], max_length=MAX_ITEMS)
    ids: list[SearchText] | None = Field(None, max_length=MAX_ITEMS)


class ScoredProgramOut(Schema):
    acgme_id: str
    name: str
    is_synthetic: bool
    score: float | None
    coverage: float
    breakdown: list[CriterionOut]


class ScaleOut(Schema):
    case_volume: float
    faculty: float
    publications: float


class ScoreOut(Schema):
    weights: dict[str, float]
    preferred_states: list[str]
    scale: ScaleOut
    results: list[ScoredProgramOut]


@router.get(
    "/",
    response={200: page_of(ProgramOut), 400: ErrorOut},
    summary="Search the program directory",
    description=(
        "Every filter is optional. kind: integrated-ir, independent-ir, dr, dr-esir; "
        "state: a two-letter code; esir: true for DR programs with ESIR; accreditation: "
        "an ACGME status key; min_positions: positions a year, all NRMP types together; "
        "min_case_volume: IR cases a year; q: words in the name, institution, city or ID."
    ),
)
def list_programs(request: HttpRequest, filters: Query[FiltersIn], page: Query[PageIn]) -> object:
    programs = selectors.search_programs(DirectoryFilters(**filters.dict()))
    return Status(200, paged(programs, page))


@router.get(
    "/compare",
    response={200: page_of(ProgramOut), 400: ErrorOut, 404: ErrorOut},
    summary=f"Compare up to {selectors.MAX_COMPARE} programs",
    description="ids: ACGME IDs, comma-separated or repeated; the answer keeps their order.",
)
def compare(
    request: HttpRequest,
    ids: Annotated[list[SearchText], Query(..., max_length=MAX_ITEMS)],
    page: Query[PageIn],
) -> object:
    return Status(200, paged(selectors.compare_programs(selectors.parse_ids(ids)), page))


@router.post(
    "/score",
    response={200: ScoreOut, 400: ErrorOut, 404: ErrorOut},
    summary="Personal weighted scores (0-100) with their breakdown",
    description=(
        f"weights: any non-negative numbers for {', '.join(scoring.CRITERIA)} (criteria left "
        "out weigh 0; only proportions matter); preferred_states: two-letter codes for the "
        "location criterion; ids: ACGME IDs to score (default: the whole directory). "
        "Results come best first."
    ),
)
def score(request: HttpRequest, payload: ScoreIn) -> object:
    if payload.ids is None:
        programs: list[Program] = list(selectors.search_programs())
    else:
        ids = selectors.parse_ids(payload.ids)
        found = {p.acgme_id: p for p in Program.objects.filter(acgme_id__in=ids)}
        missing = [acgme_id for acgme_id in ids if acgme_id not in found]
        if missing:
            raise NotFound(f"No program with ACGME ID {missing[0]!r}.", field="ids")
        programs = [found[acgme_id] for acgme_id in ids]
    scored = selectors.score_programs(
        programs, weights=payload.weights, preferred_states=payload.preferred_states
    )
    weights = scoring.normalise_weights(payload.weights)
    states = scoring.normalise_states(payload.preferred_states)
    scale = selectors.directory_scale()
    return Status(
        200,
        {
            "weights": weights,
            "preferred_states": sorted(states),
            "scale": vars(scale),
            "results": [
                {
                    "acgme_id": item.program.acgme_id,
                    "name": item.program.name,
                    "is_synthetic": item.program.is_synthetic,
                    "score": None if item.result.score is None else round(item.result.score, 1),
                    "coverage": round(item.result.coverage, 3),
                    "breakdown": [vars(part) for part in item.result.breakdown],
                }
                for item in scored
            ],
        },
    )


@router.get("/{acgme_id}", response={200: ProgramOut, 404: ErrorOut}, summary="One program")
def get_program(request: HttpRequest, acgme_id: SearchText) -> object:
    return selectors.get_program(acgme_id)


@router.put(
    "/{acgme_id}",
    response={200: ProgramOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=logged_in,
    summary="Edit a program's profile (its director or coordinator only)",
    description="Send the fields to change; the others keep their values. The change is audited.",
)
def update_program(
    request: AuthedRequest, acgme_id: SearchText, payload: ProgramProfileIn
) -> object:
    program = selectors.editable_program(request.user, acgme_id)
    changes = payload.dict(exclude_unset=True)
    return Status(
        200, services.update_profile(actor=request.user, program=program, changes=changes)
    )
