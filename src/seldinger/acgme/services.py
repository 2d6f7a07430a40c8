"""The "entered in the ACGME Case Log" mark: set and undone, each audited."""

from django.db import transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.acgme.models import CaseLogEntry
from seldinger.audit.services import audited_create, audited_delete
from seldinger.caselog.models import CaseEntry


@transaction.atomic
def mark_entered(*, actor: User, case: CaseEntry) -> CaseLogEntry:
    """Mark ``case`` entered (a second mark keeps the first)."""
    existing = CaseLogEntry.objects.filter(case=case).first()
    if existing is not None:
        return existing
    entry = CaseLogEntry(case=case, entered_by=actor, entered_at=timezone.now())
    return audited_create(actor=actor, instance=entry)


@transaction.atomic
def unmark_entered(*, actor: User, case: CaseEntry) -> None:
    """Undo the mark: the case is listed as to enter again."""
    entry = CaseLogEntry.objects.filter(case=case).first()
    if entry is not None:
        audited_delete(actor=actor, instance=entry)
