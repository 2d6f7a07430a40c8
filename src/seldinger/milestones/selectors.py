"""Who sees and rates whose milestones: the one place that decides it (web and API alike).

- A resident sees their own evaluations once submitted, and all their own
  self-assessments (drafts too).
- Faculty rate only the residents the director assigned to them (while both
  are current members of that program) and see only the evaluations they wrote.
- A program's director and coordinator act as the clinical competency
  committee (CCC): they rate their program's current residents, see every
  submitted evaluation and self-assessment of them, and manage the assignments.
- Nobody else sees milestone evaluations (platform administrators use the
  Django admin, not these pages).

Program memberships are asked of ``seldinger.accounts.selectors``.
"""

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.selectors import programs_led_by, programs_supervised_by, trainees_led_by
from seldinger.lookups import one_or_404
from seldinger.milestones import milestones as core
from seldinger.milestones.models import Evaluation, EvaluatorAssignment, SelfAssessment
from seldinger.programs.models import Program
from seldinger.rules import default_parameters


def milestone_set(on: dt.date | None = None) -> core.MilestoneSet:
    return core.load_milestone_set(default_parameters(), on or timezone.localdate())


def is_trainee(user: User) -> bool:
    return access.is_trainee(user)


def programs_led(viewer: User) -> QuerySet[Program]:
    """Programs whose clinical competency committee the viewer acts for (director/coordinator)."""
    return programs_led_by(viewer)


def residents_led(viewer: User) -> QuerySet[User]:
    """Current trainees of the programs the viewer directs or coordinates."""
    return trainees_led_by(viewer).order_by("last_name", "username")


def assignments_of(evaluator: User) -> QuerySet[EvaluatorAssignment]:
    """The evaluator's assignments still in force (they supervise the program, the
    resident is still its trainee)."""
    if not access.is_active_user(evaluator):
        return EvaluatorAssignment.objects.none()
    return EvaluatorAssignment.objects.filter(
        evaluator=evaluator,
        program__in=programs_supervised_by(evaluator),
    ).filter(access.is_current_trainee_of(OuterRef("resident_id"), OuterRef("program_id")))


def assigned_residents(evaluator: User) -> QuerySet[User]:
    return User.objects.filter(pk__in=assignments_of(evaluator).values("resident_id"))


def rateable_residents(viewer: User) -> QuerySet[User]:
    """Residents the viewer may evaluate: their program's (as CCC) or assigned ones."""
    if not access.is_active_user(viewer):
        return User.objects.none()
    return User.objects.filter(
        Q(pk__in=trainees_led_by(viewer).values("pk"))
        | Q(pk__in=assignments_of(viewer).values("resident_id"))
    ).order_by("last_name", "first_name", "username")


def residents_visible_to(viewer: User) -> QuerySet[User]:
    """Residents whose milestone page the viewer may open: themselves (a trainee) and
    those they may rate."""
    if not access.is_active_user(viewer):
        return User.objects.none()
    own = Q(pk=viewer.pk) if is_trainee(viewer) else Q(pk__in=[])
    return User.objects.filter(own | Q(pk__in=rateable_residents(viewer).values("pk"))).order_by(
        "last_name", "first_name", "username"
    )


def get_resident(viewer: User, resident_id: int) -> User:
    return one_or_404(residents_visible_to(viewer), "No such resident.", pk=resident_id)


def rating_role(viewer: User, resident: User) -> tuple[str, Program] | None:
    """How ``viewer`` may rate ``resident``: ("ccc"|"faculty", program), or None."""
    if not access.is_active_user(viewer) or resident is None or viewer.pk == resident.pk:
        return None
    led = programs_led_by(viewer).filter(pk__in=access.trainee_programs(resident)).first()
    if led is not None:
        return Evaluation.Kind.CCC, led
    assignment = assignments_of(viewer).filter(resident=resident).select_related("program").first()
    if assignment is not None:
        return Evaluation.Kind.FACULTY, assignment.program
    return None


def evaluations_visible_to(viewer: User) -> QuerySet[Evaluation]:
    if not access.is_active_user(viewer):
        return Evaluation.objects.none()
    submitted = Q(status=Evaluation.Status.SUBMITTED)
    return Evaluation.objects.filter(
        (Q(resident=viewer) & submitted)
        | Q(evaluator=viewer)
        | (
            Q(resident__in=trainees_led_by(viewer).values("pk"))
            & Q(program__in=programs_led_by(viewer))
            & submitted
        )
    ).select_related("period", "evaluator", "resident", "program")


def get_evaluation(viewer: User, evaluation_id: int) -> Evaluation:
    return one_or_404(evaluations_visible_to(viewer), "No such evaluation.", pk=evaluation_id)


def self_assessments_visible_to(viewer: User) -> QuerySet[SelfAssessment]:
    if not access.is_active_user(viewer):
        return SelfAssessment.objects.none()
    return SelfAssessment.objects.filter(
        Q(resident=viewer)
        | (
            Q(resident__in=trainees_led_by(viewer).values("pk"))
            & Q(status=SelfAssessment.Status.SUBMITTED)
        )
    ).select_related("period", "resident")


def get_self_assessment(viewer: User, assessment_id: int) -> SelfAssessment:
    return one_or_404(
        self_assessments_visible_to(viewer), "No such self-assessment.", pk=assessment_id
    )


def own_self_assessment(resident: User, period: core.Period) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(
            resident=resident, period__academic_year=period.academic_year, period__half=period.half
        )
        .select_related("period")
        .first()
    )


def own_evaluation(evaluator: User, resident: User, period: core.Period) -> Evaluation | None:
    return (
        Evaluation.objects.filter(
            evaluator=evaluator,
            resident=resident,
            period__academic_year=period.academic_year,
            period__half=period.half,
        )
        .select_related("period")
        .first()
    )


def resident_summary(
    viewer: User, resident: User, milestones: core.MilestoneSet | None = None
) -> core.ResidentSummary:
    """The resident's levels over time, from what ``viewer`` may see of them."""
    milestones = milestones or milestone_set()
    sheets = [
        core.RatingSheet(item.period.period, item.kind, core.load_stored(item.ratings))
        for item in evaluations_visible_to(viewer).filter(resident=resident)
    ]
    sheets += [
        core.RatingSheet(item.period.period, core.SELF, core.load_stored(item.ratings))
        for item in self_assessments_visible_to(viewer).filter(resident=resident)
    ]
    return core.summarise(milestones, sheets)


def assignments_managed_by(viewer: User) -> QuerySet[EvaluatorAssignment]:
    """Assignments in the programs the viewer directs or coordinates."""
    return EvaluatorAssignment.objects.filter(program__in=programs_led_by(viewer)).select_related(
        "program", "evaluator", "resident"
    )


def get_managed_assignment(viewer: User, assignment_id: int) -> EvaluatorAssignment:
    return one_or_404(assignments_managed_by(viewer), "No such assignment.", pk=assignment_id)


def faculty_of(program: Program) -> QuerySet[User]:
    """Current faculty (and directors) of a program, who may be assigned as evaluators."""
    return access.faculty_of(program).order_by("last_name", "username")


def faculty_of_programs(programs: QuerySet[Program]) -> QuerySet[User]:
    return access.faculty_of(programs).order_by("last_name", "username")


# What a person's home asks of milestones -------------------------------------------------


def _submitted_in(period: core.Period) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(
        status=Evaluation.Status.SUBMITTED,
        period__academic_year=period.academic_year,
        period__half=period.half,
    )


def self_assessment_submitted(resident: User, period: core.Period) -> bool:
    return SelfAssessment.objects.filter(
        resident=resident,
        status=SelfAssessment.Status.SUBMITTED,
        period__academic_year=period.academic_year,
        period__half=period.half,
    ).exists()


def evaluations_due(evaluator: User, period: core.Period) -> QuerySet[User]:
    """Residents assigned to ``evaluator`` whose evaluation by them for ``period`` is not
    submitted yet."""
    done = _submitted_in(period).filter(evaluator=evaluator, kind=Evaluation.Kind.FACULTY)
    return (
        assigned_residents(evaluator)
        .exclude(pk__in=done.values("resident_id"))
        .order_by("last_name", "username")
    )


def committee_evaluations_missing(viewer: User, period: core.Period) -> QuerySet[User]:
    """Current residents of the programs ``viewer`` leads without a submitted competency
    committee evaluation for ``period``."""
    done = _submitted_in(period).filter(
        kind=Evaluation.Kind.CCC, program__in=programs_led_by(viewer)
    )
    return residents_led(viewer).exclude(pk__in=done.values("resident_id"))
