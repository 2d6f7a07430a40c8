"""Writes: program profiles (by their leadership), CSV imports (by operators), saved score weights.

Every change is audited with ``seldinger.audit.services.record``: the fields
that changed, before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import audited_create, audited_update, record
from seldinger.programs import csvio, scoring, selectors
from seldinger.programs.models import STATE_CODES, Program, ScoringPreference
from seldinger.tabular import RowError
from seldinger.tabular_limits import import_limits

#: What a program's leadership may change (not the ACGME ID, not the synthetic flag).
PROFILE_FIELDS: tuple[str, ...] = tuple(
    column for column in csvio.COLUMNS if column not in ("acgme_id", "is_synthetic")
)


def _diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


def _save_changed(*, actor: User | None, program: Program, before: Mapping[str, Any]) -> None:
    """Save a changed profile, audited by the fields that changed: before and after."""
    old, new = _diff(before, program.as_record())
    program.save()
    record(actor=actor, action=AuditEntry.Action.UPDATE, instance=program, before=old, after=new)


@transaction.atomic
def update_profile(*, actor: User, program: Program, changes: Mapping[str, Any]) -> Program:
    """Change ``program``'s profile; only its current director or coordinator may.

    Raises PermissionDenied for anyone else, ValueError for a field that is
    not part of the profile, ValidationError (by field) for invalid values.
    Returns the saved program; nothing is written (or audited) when nothing changed.
    """
    if not selectors.can_edit(actor, program):
        raise PermissionDenied("Only this program's director or coordinator can edit its profile.")
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise ValueError(f"{unknown[0]}: not a profile field")
    # A fresh copy: a bound ModelForm may already have changed the caller's instance.
    current = Program.objects.select_for_update().get(pk=program.pk)
    before = current.as_record()
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    if before == current.as_record():
        return current
    current.profile_updated_at = timezone.now()
    _save_changed(actor=actor, program=current, before=before)
    return current


# CSV import --------------------------------------------------------------------------------

CHECKING = "Checking rows"
SAVING = "Saving programs"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    saved: bool = False
    errors: list[RowError] = field(default_factory=list)
    #: ACGME IDs that are new, and that change, in file order.
    new_ids: list[str] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """ "12 rows: 3 new, 1 changed, 8 unchanged." """
        rows = "row" if self.rows == 1 else "rows"
        return (
            f"{self.rows} {rows}: {self.created} new, {self.updated} changed, "
            f"{self.unchanged} unchanged."
        )

    def error_lines(self, name: str) -> list[str]:
        return [error.located(name) for error in self.errors]

    def as_dict(self, name: str = "programs.csv") -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "errors": self.error_lines(name),
        }


def _model_errors(line: int, error: ValidationError) -> list[RowError]:
    found: list[RowError] = []
    for name, messages in error.message_dict.items():
        column = "row" if name == "__all__" else name
        found.extend(RowError(line, column, str(message)) for message in messages)
    return found


#: ``progress(label, done, total)``: how far an import has got (a background job shows it).
Progress = Callable[[str, int, int | None], None]


def _no_progress(label: str, done: int, total: int | None) -> None:
    pass


@transaction.atomic
def import_programs(
    *,
    actor: User | None,
    content: bytes | str,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Create or update programs from a CSV file (by ACGME ID), all or nothing.

    Columns the file leaves out keep their values. Raises FileError when
    the file as a whole is unreadable; row errors are in the report, and any
    error means nothing is saved. Permission is the caller's business: this is
    an operator's tool (admin pages and the CLI).
    """
    parsed = csvio.parse(content, limits=import_limits())
    report = ImportReport(rows=len(parsed.rows), dry_run=dry_run, errors=list(parsed.errors))
    failed = {(error.line, error.field) for error in parsed.errors}
    ids = [row.values["acgme_id"] for row in parsed.rows if row.values.get("acgme_id")]
    existing = {program.acgme_id: program for program in Program.objects.filter(acgme_id__in=ids)}
    pending: list[tuple[Program, dict[str, Any] | None]] = []
    for checked, row in enumerate(parsed.rows):
        progress(CHECKING, checked, report.rows)
        acgme_id = row.values.get("acgme_id")
        program = existing.get(acgme_id) if acgme_id else None
        before = program.as_record() if program is not None else None
        program = program or Program()
        for column, value in row.values.items():
            setattr(program, column, value)
        skip = [column for (line, column) in failed if line == row.line]
        try:
            program.full_clean(exclude=skip, validate_unique=False)
        except ValidationError as error:
            report.errors.extend(_model_errors(row.line, error))
            continue
        if before is None:
            report.created += 1
            report.new_ids.append(program.acgme_id)
        elif before != program.as_record():
            report.updated += 1
            report.changed_ids.append(program.acgme_id)
        else:
            report.unchanged += 1
            continue
        pending.append((program, before))
    report.errors.sort(
        key=lambda error: (
            error.line,
            csvio.COLUMNS.index(error.field) if error.field in csvio.COLUMNS else -1,
        )
    )
    if report.errors or dry_run:
        return report
    now = timezone.now()
    for saved, (program, before) in enumerate(pending):
        progress(SAVING, saved, len(pending))
        program.profile_updated_at = now
        if before is None:
            audited_create(actor=actor, instance=program)
        else:
            _save_changed(actor=actor, program=program, before=before)
    progress(SAVING, len(pending), len(pending))
    report.saved = True
    return report


# Saved score weights -------------------------------------------------------------------------


@transaction.atomic
def save_scoring_preference(
    *, user: User, weights: Mapping[str, float], preferred_states: Iterable[str]
) -> ScoringPreference:
    """Keep the user's weights and preferred states; ScoringError when they cannot be scored."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Log in to save your weights.")
    scoring.normalise_weights(weights)
    states = sorted(scoring.normalise_states(preferred_states, known=STATE_CODES))
    values = {
        "weights": {criterion: weights.get(criterion, 0) for criterion in scoring.CRITERIA},
        "preferred_states": ",".join(states),
    }
    preference = ScoringPreference.objects.filter(user=user).first()
    if preference is None:
        return audited_create(actor=user, instance=ScoringPreference(user=user, **values))
    if preference.as_record() != values:
        audited_update(actor=user, instance=preference, changes=values)
    return preference
