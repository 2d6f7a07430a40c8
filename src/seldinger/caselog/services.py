"""Writes to the case log: every change is audited; verified cases are read-only."""

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import record
from seldinger.caselog.entries import CaseData, fingerprint
from seldinger.caselog.fields import audit_record, values_of
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.selectors import supervisors_for
from seldinger.errors import Conflict


class CaseLogError(Conflict):
    """A change the case log refuses, with a message for the user (409 unless ``status``)."""


def case_record(case: CaseEntry) -> dict[str, Any]:
    """The audited state of a case."""
    return audit_record(values_of(case), status=case.status, return_comment=case.return_comment)


def _fields(trainee: User, data: CaseData) -> dict[str, Any]:
    fields = asdict(data)
    username = fields.pop("supervisor")
    fields["supervisor"] = supervisors_for(trainee).get(username=username) if username else None
    fields["fingerprint"] = fingerprint(trainee.pk, data)
    return fields


@transaction.atomic
def log_case(*, trainee: User, data: CaseData, source: str = CaseEntry.Source.WEB) -> CaseEntry:
    case = CaseEntry.objects.create(trainee=trainee, source=source, **_fields(trainee, data))
    record(actor=trainee, action=AuditEntry.Action.CREATE, instance=case, after=case_record(case))
    return case


def _check_editable(actor: User, case: CaseEntry) -> None:
    if case.trainee_id != actor.pk:
        raise CaseLogError("Only the trainee whose log it is can change a case.", status=403)
    if case.is_verified:
        raise CaseLogError("This case is verified and read-only.")


@transaction.atomic
def update_case(*, actor: User, case: CaseEntry, data: CaseData) -> CaseEntry:
    """Edit one's own unverified case; a returned case goes back to the queue."""
    _check_editable(actor, case)
    before = case_record(case)
    for name, value in _fields(case.trainee, data).items():
        setattr(case, name, value)
    case.status = CaseEntry.Status.PENDING
    case.save()
    record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=case,
        before=before,
        after=case_record(case),
    )
    return case


@transaction.atomic
def delete_case(*, actor: User, case: CaseEntry) -> None:
    _check_editable(actor, case)
    record(actor=actor, action=AuditEntry.Action.DELETE, instance=case, before=case_record(case))
    case.delete()


@transaction.atomic
def verify_cases(*, faculty: User, case_ids: Iterable[int]) -> int:
    """Verify the pending cases among ``case_ids`` that name ``faculty``; returns how many."""
    cases = list(
        CaseEntry.objects.select_for_update().filter(
            pk__in=list(case_ids), supervisor=faculty, status=CaseEntry.Status.PENDING
        )
    )
    now = timezone.now()
    for case in cases:
        before = case_record(case)
        case.status = CaseEntry.Status.VERIFIED
        case.verified_by = faculty
        case.verified_at = now
        case.return_comment = ""
        case.save(update_fields=["status", "verified_by", "verified_at", "return_comment"])
        record(
            actor=faculty,
            action=AuditEntry.Action.UPDATE,
            instance=case,
            before=before,
            after=case_record(case),
        )
    return len(cases)


@transaction.atomic
def return_case(*, faculty: User, case: CaseEntry, comment: str) -> CaseEntry:
    """Send a pending case back to the trainee with a comment saying what to correct."""
    if case.supervisor_id != faculty.pk:
        raise CaseLogError("Only the supervisor named on a case can return it.", status=403)
    if case.status != CaseEntry.Status.PENDING:
        raise CaseLogError("Only cases awaiting verification can be returned.")
    if not comment.strip():
        raise CaseLogError("Say what the trainee should correct.", field="comment", status=400)
    before = case_record(case)
    case.status = CaseEntry.Status.RETURNED
    case.return_comment = comment.strip()
    case.save(update_fields=["status", "return_comment", "updated_at"])
    record(
        actor=faculty,
        action=AuditEntry.Action.UPDATE,
        instance=case,
        before=before,
        after=case_record(case),
    )
    return case
