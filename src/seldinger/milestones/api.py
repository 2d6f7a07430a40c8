"""JSON API: the milestone set, residents' summaries, evaluations, self-assessments and
evaluator assignments, with the same permission checks as the web (``selectors``)."""

import datetime as dt

from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    Real,
    RecordId,
    SearchText,
    model_field,
    narrowed,
    page_of,
    paged,
)
from seldinger.errors import Invalid
from seldinger.lookups import one_or_refuse
from seldinger.milestones import milestones as core
from seldinger.milestones import selectors, services
from seldinger.milestones.models import EvaluatorAssignment, RatingSheet

router = Router(tags=["milestones"], auth=logged_in)

# A level or "nya": the service refuses a level not on the scale with its message.
RatingValue = Real | SearchText | None


class SubcompetencyOut(Schema):
    key: str
    name: str
    competency: str


class CompetencyOut(Schema):
    key: str
    name: str


class MilestoneSetOut(Schema):
    name: str
    effective: dt.date
    levels: list[float]
    not_yet_assessable: str
    graduation_target: float
    aspirational: float
    competencies: list[CompetencyOut]
    subcompetencies: list[SubcompetencyOut]


class EvaluatedResidentOut(Schema):
    id: int
    username: str
    name: str
    can_rate: bool


class PointOut(Schema):
    period: str
    ccc: float | None
    faculty: float | None
    faculty_count: int
    self_assessment: float | None


class RowOut(Schema):
    key: str
    name: str
    competency: str
    latest: float | None
    reached_target: bool
    points: list[PointOut]


class SummaryOut(Schema):
    resident_id: int
    periods: list[str]
    graduation_target: float
    subcompetencies: list[RowOut]


class EvaluationIn(Schema):
    resident_id: RecordId
    period: SearchText
    ratings: dict[str, RatingValue] = {}
    comment: str = model_field(RatingSheet, "comment", default="")
    submit: bool = False


class EvaluationChangeIn(Schema):
    ratings: dict[str, RatingValue] = {}
    comment: str = model_field(RatingSheet, "comment", default="")
    submit: bool = False


class SelfAssessmentIn(Schema):
    period: SearchText
    ratings: dict[str, RatingValue] = {}
    comment: str = model_field(RatingSheet, "comment", default="")
    submit: bool = False


class SheetOut(Schema):
    id: int
    resident_id: int
    period: str = Field(alias="period.key")
    period_label: str = Field(alias="period.period.label")
    ratings: dict[str, float | str]
    comment: str
    status: str
    submitted_at: dt.datetime | None


class EvaluationOut(SheetOut):
    evaluator_id: int
    kind: str


class AssignmentIn(Schema):
    resident_id: RecordId
    evaluator_id: RecordId


class AssignmentOut(Schema):
    id: int
    program_id: int
    resident_id: int
    evaluator_id: int


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@router.get("/set", response=MilestoneSetOut, summary="The IR Milestones 2.0 subcompetencies")
def milestone_set(request: AuthedRequest) -> object:
    milestones = selectors.milestone_set()
    return Status(
        200,
        {
            "name": milestones.name,
            "effective": milestones.effective,
            "levels": list(milestones.levels()),
            "not_yet_assessable": core.NOT_YET_ASSESSABLE,
            "graduation_target": milestones.graduation_target,
            "aspirational": milestones.aspirational,
            "competencies": [{"key": c.key, "name": c.name} for c in milestones.competencies],
            "subcompetencies": [
                {"key": s.key, "name": s.name, "competency": s.competency.key}
                for s in milestones.subcompetencies
            ],
        },
    )


@router.get(
    "/residents",
    response=page_of(EvaluatedResidentOut),
    summary="Residents whose milestones I see",
)
def residents(request: AuthedRequest, page: Query[PageIn]) -> object:
    user = request.user
    rateable = set(selectors.rateable_residents(user).values_list("pk", flat=True))
    return Status(
        200,
        paged(
            selectors.residents_visible_to(user),
            page,
            lambda p: {
                "id": p.pk,
                "username": p.username,
                "name": _name(p),
                "can_rate": p.pk in rateable,
            },
        ),
    )


@router.get(
    "/residents/{resident_id}/summary",
    response={200: SummaryOut, 404: ErrorOut},
    summary="A resident's levels per subcompetency and period",
)
def summary(request: AuthedRequest, resident_id: RecordId) -> object:
    user = request.user
    person = selectors.get_resident(user, resident_id)
    result = selectors.resident_summary(user, person)
    return Status(
        200,
        {
            "resident_id": person.pk,
            "periods": [period.key for period in result.periods],
            "graduation_target": result.graduation_target,
            "subcompetencies": [
                {
                    "key": row.subcompetency.key,
                    "name": row.subcompetency.name,
                    "competency": row.subcompetency.competency.key,
                    "latest": row.latest,
                    "reached_target": row.reached_target,
                    "points": [
                        {
                            "period": point.period.key,
                            "ccc": point.ccc,
                            "faculty": point.faculty,
                            "faculty_count": point.faculty_count,
                            "self_assessment": point.self_assessment,
                        }
                        for point in row.points
                    ],
                }
                for row in result.rows
            ],
        },
    )


@router.get("/evaluations", response=page_of(EvaluationOut), summary="Evaluations I may see")
def list_evaluations(
    request: AuthedRequest, page: Query[PageIn], resident_id: RecordId | None = None
) -> object:
    found = selectors.evaluations_visible_to(request.user)
    return Status(200, paged(narrowed(found, resident_id=resident_id), page))


@router.get(
    "/evaluations/{evaluation_id}", response={200: EvaluationOut, 404: ErrorOut}, summary="One"
)
def get_evaluation(request: AuthedRequest, evaluation_id: RecordId) -> object:
    return Status(200, selectors.get_evaluation(request.user, evaluation_id))


@router.post(
    "/evaluations",
    response={201: EvaluationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Save (or submit) my evaluation of a resident for a period",
)
def save_evaluation(request: AuthedRequest, payload: EvaluationIn) -> object:
    user = request.user
    person = selectors.get_resident(user, payload.resident_id)
    evaluation = services.save_evaluation(
        actor=user,
        resident=person,
        period=payload.period,
        ratings=payload.ratings,
        comment=payload.comment,
        submit=payload.submit,
    )
    return Status(201, evaluation)


@router.put(
    "/evaluations/{evaluation_id}",
    response={200: EvaluationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change (or submit) my draft evaluation",
)
def change_evaluation(
    request: AuthedRequest, evaluation_id: RecordId, payload: EvaluationChangeIn
) -> object:
    user = request.user
    evaluation = selectors.get_evaluation(user, evaluation_id)
    changed = services.change_evaluation(actor=user, evaluation=evaluation, **payload.dict())
    return Status(200, changed)


@router.get("/self-assessments", response=page_of(SheetOut), summary="Self-assessments I may see")
def list_self_assessments(
    request: AuthedRequest, page: Query[PageIn], resident_id: RecordId | None = None
) -> object:
    found = selectors.self_assessments_visible_to(request.user)
    return Status(200, paged(narrowed(found, resident_id=resident_id), page))


@router.get(
    "/self-assessments/{assessment_id}", response={200: SheetOut, 404: ErrorOut}, summary="One"
)
def get_self_assessment(request: AuthedRequest, assessment_id: RecordId) -> object:
    return Status(200, selectors.get_self_assessment(request.user, assessment_id))


@router.post(
    "/self-assessments",
    response={201: SheetOut, 400: ErrorOut, 403: ErrorOut},
    summary="Save (or submit) my self-assessment for a period",
)
def save_self_assessment(request: AuthedRequest, payload: SelfAssessmentIn) -> object:
    user = request.user
    assessment = services.save_self_assessment(resident=user, **payload.dict())
    return Status(201, assessment)


@router.get("/assignments", response=page_of(AssignmentOut), summary="Assignments I manage or hold")
def list_assignments(request: AuthedRequest, page: Query[PageIn]) -> object:
    user = request.user
    found = EvaluatorAssignment.objects.filter(
        Q(pk__in=selectors.assignments_managed_by(user).values("pk"))
        | Q(pk__in=selectors.assignments_of(user).values("pk"))
    )
    return Status(200, paged(found, page))


@router.post(
    "/assignments",
    response={201: AssignmentOut, 400: ErrorOut, 404: ErrorOut},
    summary="Assign a faculty evaluator to a resident (director or coordinator)",
)
def add_assignment(request: AuthedRequest, payload: AssignmentIn) -> object:
    user = request.user
    person = one_or_refuse(
        selectors.residents_led(user),
        Http404("No such resident in a program you lead."),
        pk=payload.resident_id,
    )
    evaluator = one_or_refuse(
        User.objects.all(), Invalid("No such evaluator."), pk=payload.evaluator_id
    )
    assignment = services.assign_evaluator(actor=user, resident=person, evaluator=evaluator)
    return Status(201, assignment)


@router.delete(
    "/assignments/{assignment_id}", response={204: None, 404: ErrorOut}, summary="Remove one"
)
def remove_assignment(request: AuthedRequest, assignment_id: RecordId) -> object:
    user = request.user
    assignment = selectors.get_managed_assignment(user, assignment_id)
    services.remove_assignment(actor=user, assignment=assignment)
    return Status(204, None)
