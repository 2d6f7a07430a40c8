"""Writes for the jobs board and saved jobs: checked, audited."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import record
from seldinger.careers.models import JobPosting, SavedJob
from seldinger.careers.selectors import may_post_jobs

POSTING_FIELDS = (
    "title",
    "organisation",
    "setting",
    "subspecialty",
    "city",
    "state",
    "call",
    "salary_min",
    "salary_max",
    "start_date",
    "description",
    "contact",
    "is_open",
)


def _clean(posting: JobPosting) -> None:
    posting.state = posting.state.strip().upper()
    low, high = posting.salary_min, posting.salary_max
    if low is not None and high is not None and low > high:
        raise ValidationError({"salary_max": "The top of the range is below its floor."})
    posting.full_clean(exclude=["employer"])


@transaction.atomic
def create_posting(*, employer: User, **fields: Any) -> JobPosting:
    """A new posting by ``employer`` (role employer); raises PermissionDenied otherwise."""
    if not may_post_jobs(employer):
        raise PermissionDenied("Only employers post jobs.")
    values = {name: fields[name] for name in POSTING_FIELDS if name in fields}
    posting = JobPosting(employer=employer, **values)
    _clean(posting)
    posting.save()
    record(
        actor=employer, action=AuditEntry.Action.CREATE, instance=posting, after=posting.as_record()
    )
    return posting


@transaction.atomic
def update_posting(*, actor: User, posting: JobPosting, **fields: Any) -> JobPosting:
    """Change the named fields of the actor's own posting."""
    if posting.employer_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the employer who posted this job may change it.")
    before = posting.as_record()
    for name in POSTING_FIELDS:
        if name in fields:
            setattr(posting, name, fields[name])
    _clean(posting)
    posting.save()
    record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=posting,
        before=before,
        after=posting.as_record(),
    )
    return posting


@transaction.atomic
def delete_posting(*, actor: User, posting: JobPosting) -> None:
    if posting.employer_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the employer who posted this job may delete it.")
    record(
        actor=actor, action=AuditEntry.Action.DELETE, instance=posting, before=posting.as_record()
    )
    posting.delete()


@transaction.atomic
def save_job(
    *, owner: User, posting: JobPosting, status: str = SavedJob.Status.SAVED, notes: str = ""
) -> SavedJob:
    """Save a posting for ``owner`` (once; saving it again returns the saved job)."""
    existing = SavedJob.objects.filter(owner=owner, posting=posting).first()
    if existing is not None:
        return existing
    saved = SavedJob(owner=owner, posting=posting, status=status, notes=notes.strip())
    saved.full_clean(exclude=["owner", "posting"])
    saved.save()
    record(actor=owner, action=AuditEntry.Action.CREATE, instance=saved, after=saved.as_record())
    return saved


@transaction.atomic
def update_saved_job(
    *, actor: User, saved: SavedJob, status: str | None = None, notes: str | None = None
) -> SavedJob:
    if saved.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied("Saved jobs are private.")
    before = saved.as_record()
    if status is not None:
        saved.status = status
    if notes is not None:
        saved.notes = notes.strip()
    saved.full_clean(exclude=["owner", "posting"])
    saved.save()
    record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=saved,
        before=before,
        after=saved.as_record(),
    )
    return saved


@transaction.atomic
def remove_saved_job(*, actor: User, saved: SavedJob) -> None:
    if saved.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied("Saved jobs are private.")
    record(actor=actor, action=AuditEntry.Action.DELETE, instance=saved, before=saved.as_record())
    saved.delete()
