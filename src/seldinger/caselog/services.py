"""Writes to the case log: every change is audited; verified cases are read-only."""

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.services import audited_create, audited_delete, audited_update
from seldinger.caselog import counts
from seldinger.caselog.columns import ColumnMap, is_identifier
from seldinger.caselog.entries import CaseData, fingerprint
from seldinger.caselog.fields import audit_record, values_of
from seldinger.caselog.models import CaseEntry, ImportColumns
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
    case = CaseEntry(trainee=trainee, source=source, **_fields(trainee, data))
    return audited_create(actor=trainee, instance=case, state=case_record)


#: What a case captured from a dose report takes from the report, which no edit changes.
REPORT_LOCKED = {
    "performed_on": "date",
    "fluoro_minutes": "fluoro_minutes",
    "dap_gycm2": "dap_gycm2",
    "air_kerma_mgy": "air_kerma_mgy",
}


def _check_report_fields(case: CaseEntry, data: CaseData) -> None:
    if case.source != CaseEntry.Source.DOSE_REPORT:
        return
    for attribute, name in REPORT_LOCKED.items():
        if getattr(data, attribute) != getattr(case, attribute):
            raise CaseLogError(
                f"The {name.replace('_', ' ')} of this case comes from its dose report and "
                "cannot be changed.",
                field=name,
                status=400,
            )


def _check_editable(actor: User, case: CaseEntry) -> None:
    if case.trainee_id != actor.pk:
        raise CaseLogError("Only the trainee whose log it is can change a case.", status=403)
    if case.is_verified:
        raise CaseLogError("This case is verified and read-only.")


@transaction.atomic
def update_case(*, actor: User, case: CaseEntry, data: CaseData) -> CaseEntry:
    """Edit one's own unverified case; a returned case goes back to the queue."""
    _check_editable(actor, case)
    _check_report_fields(case, data)
    changes = {**_fields(case.trainee, data), "status": CaseEntry.Status.PENDING}
    updated = audited_update(actor=actor, instance=case, changes=changes, state=case_record)
    counts.forget(case.trainee_id)
    return updated


@transaction.atomic
def delete_case(*, actor: User, case: CaseEntry) -> None:
    _check_editable(actor, case)
    audited_delete(actor=actor, instance=case, state=case_record)
    counts.forget(case.trainee_id)


@transaction.atomic
def verify_cases(*, faculty: User, case_ids: Iterable[int]) -> int:
    """Verify the pending cases among ``case_ids`` that name ``faculty``; returns how many."""
    cases = list(
        CaseEntry.objects.select_for_update().filter(
            pk__in=list(case_ids), supervisor=faculty, status=CaseEntry.Status.PENDING
        )
    )
    verified = {
        "status": CaseEntry.Status.VERIFIED,
        "verified_by": faculty,
        "verified_at": timezone.now(),
        "return_comment": "",
    }
    for case in cases:
        audited_update(
            actor=faculty,
            instance=case,
            changes=verified,
            state=case_record,
            update_fields=list(verified),
        )
    counts.forget(sorted({case.trainee_id for case in cases}))
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
    returned = audited_update(
        actor=faculty,
        instance=case,
        changes={"status": CaseEntry.Status.RETURNED, "return_comment": comment.strip()},
        state=case_record,
        update_fields=["status", "return_comment", "updated_at"],
    )
    counts.forget(case.trainee_id)
    return returned


def remember_columns(*, user: User, mapping: ColumnMap) -> None:
    """Keep how ``user`` mapped an export's columns (titles only, identifiers left out)."""
    kept = mapping.remembered()
    # Titles already remembered from other exports stay, unless mapped again now.
    previous = ImportColumns.objects.filter(user=user).first()
    if previous is not None:
        before = dict(previous.mapping.get("columns") or {})
        before.update(kept["columns"])  # type: ignore[call-overload]
        kept["columns"] = {
            title: field for title, field in before.items() if not is_identifier(title)
        }
    ImportColumns.objects.update_or_create(user=user, defaults={"mapping": kept})
