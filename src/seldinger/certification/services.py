"""Writes for certification records: validated, audited, owner only.

CME certificates are checked by their content (magic bytes), not their
name: PDF, PNG or JPEG only, at most ``settings.MAX_UPLOAD_BYTES``; a file
that fails is refused before anything is saved.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.services import audited_change, audited_create, audited_delete, audited_update
from seldinger.certification.models import CmeActivity, DiplomateProfile, OlaRecord, PqiActivity
from seldinger.errors import Invalid
from seldinger.pathways import training
from seldinger.pathways.planner import PlanningError


class CertificateRejected(Invalid):
    """An uploaded certificate is not an allowed file; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="certificate")


@dataclass(frozen=True)
class FileKind:
    content_type: str
    label: str
    magic: tuple[bytes, ...]
    extensions: tuple[str, ...]


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("application/pdf", "PDF", (b"%PDF-",), (".pdf",)),
    FileKind("image/png", "PNG", (b"\x89PNG\r\n\x1a\n",), (".png",)),
    FileKind("image/jpeg", "JPEG", (b"\xff\xd8\xff",), (".jpg", ".jpeg")),
)
ALLOWED_EXTENSIONS = tuple(ext for kind in FILE_KINDS for ext in kind.extensions)


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def inspect_certificate(upload: UploadedFile[Any]) -> FileKind:
    """The kind of an uploaded certificate, or CertificateRejected saying what is wrong."""
    limit = int(settings.MAX_UPLOAD_BYTES)
    size = upload.size or 0
    if size > limit:
        raise CertificateRejected(
            f"The file is too large ({_size_text(size)}); the limit is {_size_text(limit)}."
        )
    if size == 0:
        raise CertificateRejected("The file is empty.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next(
        (kind for kind in FILE_KINDS if any(head.startswith(magic) for magic in kind.magic)), None
    )
    extension = os.path.splitext(upload.name or "")[1].lower()
    if kind is None:
        raise CertificateRejected(
            "Only PDF, PNG or JPEG certificates are accepted: this file's content is none of those."
        )
    if extension not in kind.extensions:
        raise CertificateRejected(
            f"The file's content is {kind.label} but its name ends in {extension or 'nothing'}; "
            f"rename it to {kind.extensions[0]} or upload a PDF, PNG or JPEG file."
        )
    return kind


@transaction.atomic
def save_profile(
    *,
    user: User,
    certificate: str = "",
    initial_certification: dt.date | None = None,
    opted_in: bool = False,
    pathway: str = "",
    stage: str = "",
    stage_start: dt.date | None = None,
    core_exam_passed_on: dt.date | None = None,
) -> DiplomateProfile:
    """Create or replace the user's profile and, when given, their training record
    (``pathway``, ``stage``, ``stage_start``; all empty removes it). PlanningError for
    training that cannot be planned, before anything is written."""
    if pathway or stage or stage_start:
        if not (pathway and stage and stage_start):
            raise PlanningError("pathway", "give the pathway, the current stage and its start date")
        training.set_training(
            actor=user, trainee=user, pathway=pathway, stage=stage, stage_start=stage_start
        )
    else:
        training.clear_training(actor=user, trainee=user)
    profile, created = DiplomateProfile.objects.get_or_create(user=user)
    changes = {
        "certificate": certificate,
        "initial_certification": initial_certification,
        "opted_in": opted_in,
        "core_exam_passed_on": core_exam_passed_on,
    }
    return audited_update(actor=user, instance=profile, changes=changes, created=created)


#: The most characters of an uploaded file's name kept to show it (the file is stored under
#: a random name): a name of a thousand characters would fill the page and the download header.
SHOWN_NAME_LENGTH = 100


def shown_file_name(name: str) -> str:
    """An upload's own name, safe to show: no folders or control characters, and shortened
    to ``SHOWN_NAME_LENGTH`` with its extension kept."""
    name = "".join(char for char in os.path.basename(name) if char.isprintable()).strip()
    name = name or "certificate"
    if len(name) <= SHOWN_NAME_LENGTH:
        return name
    stem, extension = os.path.splitext(name)
    if len(extension) > 10:
        stem, extension = name, ""
    return stem[: SHOWN_NAME_LENGTH - len(extension) - 1] + "…" + extension


def _store_certificate(activity: CmeActivity, upload: UploadedFile[Any]) -> None:
    kind = inspect_certificate(upload)
    old = activity.certificate.name if activity.certificate else ""
    activity.certificate.save(upload.name or "certificate", upload, save=False)
    activity.certificate_name = shown_file_name(upload.name or "certificate")
    activity.certificate_content_type = kind.content_type
    activity.certificate_size = upload.size
    if old:
        transaction.on_commit(lambda: activity.certificate.storage.delete(old))


def _check_cme(activity: CmeActivity, certificate: UploadedFile[Any] | None) -> None:
    """The activity's fields, then the certificate when one is given (stored once checked)."""
    activity.full_clean(exclude=["certificate"])
    if certificate is not None:
        _store_certificate(activity, certificate)


@transaction.atomic
def create_cme(
    *,
    owner: User,
    title: str,
    date: dt.date,
    credits: Decimal,
    credit_type: str = CmeActivity.CreditType.CATEGORY_1,
    self_assessment: bool = False,
    provider: str = "",
    certificate: UploadedFile[Any] | None = None,
) -> CmeActivity:
    """A new CME activity; raises CertificateRejected (nothing saved) for a bad certificate."""
    activity = CmeActivity(
        owner=owner,
        title=title.strip(),
        provider=provider.strip(),
        date=date,
        credits=credits,
        credit_type=credit_type,
        self_assessment=self_assessment,
    )
    _check_cme(activity, certificate)
    return audited_create(actor=owner, instance=activity)


@transaction.atomic
def update_cme(
    *,
    actor: User,
    activity: CmeActivity,
    certificate: UploadedFile[Any] | None = None,
    **changes: Any,
) -> CmeActivity:
    """Change fields (``CmeActivity.EDITABLE_FIELDS``) and/or the certificate."""
    allowed = set(CmeActivity.EDITABLE_FIELDS)
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    with audited_change(actor=actor, instance=activity):
        for name, value in changes.items():
            setattr(activity, name, value.strip() if isinstance(value, str) else value)
        _check_cme(activity, certificate)
    return activity


@transaction.atomic
def delete_cme(*, actor: User, activity: CmeActivity) -> None:
    name = activity.certificate.name if activity.certificate else ""
    storage = activity.certificate.storage
    audited_delete(actor=actor, instance=activity)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_ola(
    *,
    owner: User,
    year: int,
    answered: int,
    declined: int = 0,
    correct: int | None = None,
    record_id: int | None = None,
) -> OlaRecord:
    """Create the year's OLA record or replace it (one record per year)."""
    if record_id is not None:
        ola = OlaRecord.objects.select_for_update().get(pk=record_id, owner=owner)
        created = False
    else:
        ola, created = OlaRecord.objects.get_or_create(owner=owner, year=year)
    with audited_change(actor=owner, instance=ola, created=created):
        ola.year, ola.answered, ola.declined, ola.correct = year, answered, declined, correct
        ola.full_clean(validate_unique=record_id is not None)
    return ola


@transaction.atomic
def delete_ola(*, actor: User, ola: OlaRecord) -> None:
    audited_delete(actor=actor, instance=ola)


@transaction.atomic
def save_pqi(
    *,
    owner: User,
    title: str,
    completed_on: dt.date,
    kind: str = PqiActivity.Kind.PROJECT,
    activity: PqiActivity | None = None,
) -> PqiActivity:
    pqi = activity if activity is not None else PqiActivity(owner=owner)
    with audited_change(actor=owner, instance=pqi, created=activity is None):
        pqi.title, pqi.completed_on, pqi.kind = title.strip(), completed_on, kind
        pqi.full_clean()
    return pqi


@transaction.atomic
def delete_pqi(*, actor: User, activity: PqiActivity) -> None:
    audited_delete(actor=actor, instance=activity)
