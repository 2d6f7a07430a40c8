"""Writes for the jobs board and saved jobs: checked, audited."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.services import audited_create, audited_delete, audited_update
from seldinger.careers.models import JobPosting, SavedJob
from seldinger.careers.selectors import may_post_jobs

POSTING_FIELDS = JobPosting.EDITABLE_FIELDS


def _clean(posting: JobPosting) -> None:
    posting.state = posting.state.strip().upper()
    low, high = posting.salary_min, posting.salary_max
    if low is not None and high is not None and low > high:
        raise ValidationError({"salary_max": "The top of the range is below its floor."})
    posting.full_clean(exclude=["employer"])


def _check_owner(actor: User, owner_id: int, message: str) -> None:
    if owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(message)


@transaction.atomic
def create_posting(*, employer: User, **fields: Any) -> JobPosting:
    """A new posting by ``employer`` (role employer); raises PermissionDenied otherwise."""
    if not may_post_jobs(employer):
        raise PermissionDenied("Only employers post jobs.")
    values = {name: fields[name] for name in POSTING_FIELDS if name in fields}
    posting = JobPosting(employer=employer, **values)
    _clean(posting)
    return audited_create(actor=employer, instance=posting)


@transaction.atomic
def update_posting(*, actor: User, posting: JobPosting, **fields: Any) -> JobPosting:
    """Change the named fields of the actor's own posting."""
    _check_owner(actor, posting.employer_id, "Only the employer who posted this job may change it.")
    changes = {name: fields[name] for name in POSTING_FIELDS if name in fields}
    return audited_update(actor=actor, instance=posting, changes=changes, check=_clean)


@transaction.atomic
def delete_posting(*, actor: User, posting: JobPosting) -> None:
    _check_owner(actor, posting.employer_id, "Only the employer who posted this job may delete it.")
    audited_delete(actor=actor, instance=posting)


def _clean_saved(saved: SavedJob) -> None:
    saved.full_clean(exclude=["owner", "posting"])


@transaction.atomic
def save_job(
    *, owner: User, posting: JobPosting, status: str = SavedJob.Status.SAVED, notes: str = ""
) -> SavedJob:
    """Save a posting for ``owner`` (once; saving it again returns the saved job)."""
    existing = SavedJob.objects.filter(owner=owner, posting=posting).first()
    if existing is not None:
        return existing
    saved = SavedJob(owner=owner, posting=posting, status=status, notes=notes.strip())
    _clean_saved(saved)
    return audited_create(actor=owner, instance=saved)


@transaction.atomic
def update_saved_job(
    *, actor: User, saved: SavedJob, status: str | None = None, notes: str | None = None
) -> SavedJob:
    _check_owner(actor, saved.owner_id, "Saved jobs are private.")
    changes: dict[str, Any] = {}
    if status is not None:
        changes["status"] = status
    if notes is not None:
        changes["notes"] = notes.strip()
    return audited_update(actor=actor, instance=saved, changes=changes, check=_clean_saved)


@transaction.atomic
def remove_saved_job(*, actor: User, saved: SavedJob) -> None:
    _check_owner(actor, saved.owner_id, "Saved jobs are private.")
    audited_delete(actor=actor, instance=saved)
