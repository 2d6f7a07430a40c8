"""Writes for progress: a program director's own graduation minimums (``CaseRequirement``).

The ACGME IR case-log minimums are not public, so Seldinger ships none: each
program enters the minimums it requires. Only a current director of the
program may change them, and every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.records import record_of
from seldinger.audit.services import audited_create, audited_delete, audited_update
from seldinger.caselog.entries import ROLES
from seldinger.caselog.models import CaseRequirement
from seldinger.caselog.selectors import catalogue
from seldinger.caselog.selectors_progress import programs_directed_by
from seldinger.errors import Invalid
from seldinger.programs.models import Program


class RequirementError(Invalid):
    """A change to a program's requirements that is refused, with a message for the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field)


#: What the audit keeps of a requirement (its program by id).
REQUIREMENT_FIELDS = ("program", "name", "category_key", "roles", "minimum")


def requirement_record(requirement: CaseRequirement) -> dict[str, Any]:
    """The audited state of a requirement."""
    return record_of(requirement, REQUIREMENT_FIELDS)


def _check_director(actor: User, program_id: int) -> None:
    if not programs_directed_by(actor).filter(pk=program_id).exists():
        raise RequirementError("Only the program's director can change its requirements.")


class RequirementFields(TypedDict):
    """What a director enters for a requirement, on adding it and on changing it."""

    name: str
    category_key: str
    roles: Iterable[str]
    minimum: int


def _checked(
    actor: User, program: Program, fields: RequirementFields, *, exclude: int = 0
) -> dict[str, Any]:
    """The requirement's values to save, once the director and each field are checked
    (``exclude``: the requirement being changed, which may keep its own name)."""
    _check_director(actor, program.pk)
    category_key = fields["category_key"]
    if category_key and category_key not in catalogue().categories:
        raise RequirementError(f"Unknown procedure category {category_key!r}.", "category_key")
    name = fields["name"].strip()
    if not name:
        raise RequirementError("Give the requirement a name.", "name")
    role_list = [role for role in ROLES if role in set(fields["roles"])]
    if not role_list:
        raise RequirementError("Choose at least one case role that counts.", "roles")
    if fields["minimum"] < 1:
        raise RequirementError("The minimum must be at least 1.", "minimum")
    duplicate = CaseRequirement.objects.filter(program=program, name=name).exclude(pk=exclude)
    if duplicate.exists():
        raise RequirementError("Your program already has a requirement with this name.", "name")
    return {
        "name": name,
        "category_key": category_key,
        "roles": ",".join(role_list),
        "minimum": fields["minimum"],
    }


@transaction.atomic
def create_requirement(
    *, actor: User, program: Program, **fields: Unpack[RequirementFields]
) -> CaseRequirement:
    requirement = CaseRequirement(program=program, **_checked(actor, program, fields))
    return audited_create(actor=actor, instance=requirement, state=requirement_record)


@transaction.atomic
def update_requirement(
    *, actor: User, requirement: CaseRequirement, **fields: Unpack[RequirementFields]
) -> CaseRequirement:
    changes = _checked(actor, requirement.program, fields, exclude=requirement.pk)
    return audited_update(
        actor=actor, instance=requirement, changes=changes, state=requirement_record
    )


@transaction.atomic
def delete_requirement(*, actor: User, requirement: CaseRequirement) -> None:
    _check_director(actor, requirement.program_id)
    audited_delete(actor=actor, instance=requirement, state=requirement_record)
