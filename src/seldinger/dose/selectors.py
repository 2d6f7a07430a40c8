"""Reads of the dose app: who sees which reports.

A trainee sees their own drafts and names; a program's director and coordinator its inbox
(reports no trainee's names matched) and their current trainees' reports; an administrator
every report. Anyone else: nothing, and a report not theirs is the same 404 as one that does
not exist. Only its trainee confirms a draft: to the others who see it, it is missing too.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.dose.models import DoseStudy, SuiteName
from seldinger.lookups import one_or_404


def studies_visible_to(viewer: AnyUser | None) -> QuerySet[DoseStudy]:
    if not access.is_active_user(viewer):
        return DoseStudy.objects.none()
    if access.is_platform_admin(viewer):
        return DoseStudy.objects.all()
    return DoseStudy.objects.filter(
        Q(trainee=viewer)
        | Q(trainee__in=access.trainees_led_by(viewer).values("pk"))
        | Q(status=DoseStudy.Status.UNASSIGNED, program__in=access.programs_led_by(viewer))
    )


def get_visible_study(viewer: AnyUser | None, study_id: int) -> DoseStudy:
    return one_or_404(studies_visible_to(viewer), "No such dose report.", pk=study_id)


def get_own_study(trainee: User, study_id: int) -> DoseStudy:
    """A report of the trainee's own, to confirm: to anyone else, even one who may see it
    (their director, an administrator), the same 404 as a report that does not exist."""
    own = studies_visible_to(trainee).filter(trainee=trainee)
    return one_or_404(own, "No such dose report.", pk=study_id)


def drafts_of(trainee: User) -> QuerySet[DoseStudy]:
    return DoseStudy.objects.filter(trainee=trainee, status=DoseStudy.Status.DRAFT)


def inbox_of(viewer: AnyUser | None) -> QuerySet[DoseStudy]:
    """Reports waiting to be assigned, in the programs the viewer leads (all, for an admin)."""
    unassigned = studies_visible_to(viewer).filter(status=DoseStudy.Status.UNASSIGNED)
    return unassigned.select_related("program")


def assignable_trainees(viewer: AnyUser | None) -> QuerySet[User]:
    """Whom the viewer may give an inbox report to."""
    if access.is_platform_admin(viewer):
        return access.visible_trainees(viewer)
    return access.trainees_led_by(viewer)


def suite_names_of(trainee: User) -> QuerySet[SuiteName]:
    return SuiteName.objects.filter(trainee=trainee)


def get_own_suite_name(trainee: User, name_id: int) -> SuiteName:
    return one_or_404(suite_names_of(trainee), "No such name on your list.", pk=name_id)
