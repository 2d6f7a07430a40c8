"""How a record's fields read in the audit trail, written once for every app's models."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.db.models.fields.files import FieldFile


def record_of(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """``fields`` of ``instance`` as JSON values, in that order.

    A date or time reads as ISO 8601 text, a decimal as text, a file by its stored
    name, a related record by its id; other values as they are.
    """
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            data[name] = getattr(instance, field.attname)
            continue
        value = getattr(instance, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, FieldFile):
            value = value.name or ""
        data[name] = value
    return data


class RecordedFields(models.Model):
    """A model whose audit record is its ``RECORD_FIELDS`` (read as ``record_of`` says)."""

    RECORD_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def as_record(self) -> dict[str, Any]:
        return record_of(self, self.RECORD_FIELDS)
