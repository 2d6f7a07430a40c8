"""Writes for progress: a program director's own graduation minimums (``CaseRequirement``).

The ACGME IR case-log minimums are not public, so Seldinger ships none: each
program enters the minimums it requires. Only a current director of the
program may change them, and every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.records import record_of
from seldinger.audit.services import (
    audited_create,
    audited_delete,
    audited_update,
)
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


def _check(
    *,
    actor: User,
    program: Program,
    name: str,
    category_key: str,
    roles: Iterable[str],
    minimum: int,
    exclude: int,
) -> tuple[str, str]:
    _check_director(actor, program.pk)
    if category_key and category_key not in catalogue().categories:
        raise RequirementError(f"Unknown procedure category {category_key!r}.", "category_key")
    name = name.strip()
    if not name:
        raise RequirementError("Give the requirement a name.", "name")
    role_list = [role for role in ROLES if role in set(roles)]
    if not role_list:
        raise RequirementError("Choose at least one case role that counts.", "roles")
    if minimum < 1:
        raise RequirementError("The minimum must be at least 1.", "minimum")
    duplicate = CaseRequirement.objects.filter(program=program, name=name).exclude(pk=exclude)
    if duplicate.exists():
        raise RequirementError("Your program already has a requirement with this name.", "name")
    return name, ",".join(role_list)


@transaction.atomic
def create_requirement(
    *,
    actor: User,
    program: Program,
    name: str,
    category_key: str,
    roles: Iterable[str],
    minimum: int,
) -> CaseRequirement:
    name, role_text = _check(
        actor=actor,
        program=program,
        name=name,
        category_key=category_key,
        roles=roles,
        minimum=minimum,
        exclude=0,
    )
    requirement = CaseRequirement(
        program=program, name=name, category_key=category_key, roles=role_text, minimum=minimum
    )
    return audited_create(actor=actor, instance=requirement, state=requirement_record)


@transaction.atomic
def update_requirement(
    *,
    actor: User,
    requirement: CaseRequirement,
    name: str,
    category_key: str,
    roles: Iterable[str],
    minimum: int,
) -> CaseRequirement:
    name, role_text = _check(
        actor=actor,
        program=requirement.program,
        name=name,
        category_key=category_key,
        roles=roles,
        minimum=minimum,
        exclude=requirement.pk,
    )
    changes = {"name": name, "category_key": category_key, "roles": role_text, "minimum": minimum}
    return audited_update(
        actor=actor, instance=requirement, changes=changes, state=requirement_record
    )


@transaction.atomic
def delete_requirement(*, actor: User, requirement: CaseRequirement) -> None:
    _check_director(actor, requirement.program_id)
    audited_delete(actor=actor, instance=requirement, state=requirement_record)
