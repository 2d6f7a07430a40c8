"""Writes: evaluator assignments, evaluations and self-assessments (checked, audited)."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import audited_change, audited_delete, record
from seldinger.errors import Forbidden, Invalid
from seldinger.milestones import milestones as core
from seldinger.milestones import selectors
from seldinger.milestones.models import (
    Evaluation,
    EvaluationPeriod,
    EvaluatorAssignment,
    SelfAssessment,
)


class MilestoneError(Invalid):
    """Invalid input: ``errors`` maps each field (or subcompetency key) to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()), errors=errors)


class NotAllowed(Forbidden):
    """The actor may see the record but not do this to it (403)."""


def _period(value: core.Period | str) -> EvaluationPeriod:
    try:
        period = core.parse_period(value) if isinstance(value, str) else value
    except ValueError as error:
        raise MilestoneError({"period": str(error)}) from None
    if period.start > timezone.localdate():
        raise MilestoneError({"period": f"{period.label} has not started yet."})
    found, _ = EvaluationPeriod.objects.get_or_create(
        academic_year=period.academic_year, half=period.half
    )
    return found


def _ratings(ratings: Mapping[str, object], *, submit: bool) -> dict[str, float | str]:
    levels, errors = core.check_ratings(selectors.milestone_set(), ratings, complete=submit)
    if errors:
        raise MilestoneError(errors)
    return {key: core.stored_level(level) for key, level in levels.items()}


Rated = TypeVar("Rated", Evaluation, SelfAssessment)


def _save_ratings(
    actor: User, rated: Rated, ratings: dict[str, float | str], *, comment: str, submit: bool
) -> Rated:
    """Save the ratings of an evaluation or self-assessment (new or a draft), audited;
    submitting finalises it."""
    with audited_change(actor=actor, instance=rated, created=rated.pk is None):
        rated.ratings = ratings
        rated.comment = comment.strip()
        if submit:
            rated.status = rated.Status.SUBMITTED
            rated.submitted_at = timezone.now()
    return rated


# ---------------------------------------------------------------- assignments


@transaction.atomic
def assign_evaluator(*, actor: User, resident: User, evaluator: User) -> EvaluatorAssignment:
    """The director (or coordinator) assigns one of the program's faculty to a resident."""
    program = selectors.programs_led(actor).filter(pk__in=access.trainee_programs(resident)).first()
    if program is None:
        raise MilestoneError({"resident": "Not a resident of a program you lead."})
    if not selectors.faculty_of(program).filter(pk=evaluator.pk).exists():
        raise MilestoneError({"evaluator": f"Not current faculty of {program.name}."})
    if evaluator.pk == resident.pk:
        raise MilestoneError({"evaluator": "A resident cannot evaluate themselves."})
    assignment, created = EvaluatorAssignment.objects.get_or_create(
        program=program, evaluator=evaluator, resident=resident, defaults={"assigned_by": actor}
    )
    if created:
        record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=assignment,
            after=assignment.as_record(),
        )
    return assignment


@transaction.atomic
def remove_assignment(*, actor: User, assignment: EvaluatorAssignment) -> None:
    if not selectors.assignments_managed_by(actor).filter(pk=assignment.pk).exists():
        raise NotAllowed("Only the program's director or coordinator can remove assignments.")
    audited_delete(actor=actor, instance=assignment)


# ---------------------------------------------------------------- evaluations


@transaction.atomic
def save_evaluation(
    *,
    actor: User,
    resident: User,
    period: core.Period | str,
    ratings: Mapping[str, object],
    comment: str = "",
    submit: bool = False,
) -> Evaluation:
    """Create or change the actor's evaluation of ``resident`` for ``period``.

    The actor must be the resident's CCC (program director/coordinator) or an
    assigned faculty evaluator (else NotAllowed). Submitting needs all 31
    ratings and finalises the evaluation: it can no longer be changed.
    """
    role = selectors.rating_role(actor, resident)
    if role is None:
        raise NotAllowed("You are not assigned to evaluate this resident.")
    kind, program = role
    stored_period = _period(period)
    stored = _ratings(ratings, submit=submit)
    evaluation = Evaluation.objects.filter(
        resident=resident, period=stored_period, evaluator=actor, kind=kind
    ).first()
    if evaluation is not None and evaluation.is_submitted:
        raise MilestoneError({"status": "This evaluation is submitted and final."})
    if evaluation is None:
        evaluation = Evaluation(
            resident=resident, period=stored_period, evaluator=actor, kind=kind, program=program
        )
    return _save_ratings(actor, evaluation, stored, comment=comment, submit=submit)


@transaction.atomic
def change_evaluation(
    *,
    actor: User,
    evaluation: Evaluation,
    ratings: Mapping[str, object],
    comment: str = "",
    submit: bool = False,
) -> Evaluation:
    """Change a draft evaluation; only its author, while still allowed to rate."""
    if evaluation.evaluator_id != actor.pk:
        raise NotAllowed("Only the evaluator can change an evaluation.")
    return save_evaluation(
        actor=actor,
        resident=evaluation.resident,
        period=evaluation.period.period,
        ratings=ratings,
        comment=comment,
        submit=submit,
    )


# ---------------------------------------------------------------- self-assessments


@transaction.atomic
def save_self_assessment(
    *,
    resident: User,
    period: core.Period | str,
    ratings: Mapping[str, object],
    comment: str = "",
    submit: bool = False,
) -> SelfAssessment:
    """Create or change the resident's own self-assessment for ``period``."""
    if not selectors.is_trainee(resident):
        raise NotAllowed("Only residents and fellows write milestone self-assessments.")
    stored_period = _period(period)
    stored = _ratings(ratings, submit=submit)
    assessment = SelfAssessment.objects.filter(resident=resident, period=stored_period).first()
    if assessment is not None and assessment.is_submitted:
        raise MilestoneError({"status": "This self-assessment is submitted and final."})
    if assessment is None:
        assessment = SelfAssessment(resident=resident, period=stored_period)
    return _save_ratings(resident, assessment, stored, comment=comment, submit=submit)


def describe(ratings: Mapping[str, Any]) -> dict[str, str]:
    """Stored ratings as display texts by key."""
    return {key: core.format_level(level) for key, level in core.load_stored(ratings).items()}
