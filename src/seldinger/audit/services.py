"""Recording changes. Every service that changes a training record calls ``record``."""

from typing import Any

from django.db import models

from seldinger.audit.models import AuditEntry


def record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        record_type=instance._meta.label,
        record_id=str(instance.pk),
        before=before,
        after=after,
    )
