"""Appointments to a program (trainee, faculty, coordinator, director): the writes.

Memberships are written only here, as they are read only in ``accounts.selectors``.
"""

import datetime as dt
from typing import Any

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import User


def appoint(
    *,
    user: User,
    program: Any,
    kind: str,
    start_date: dt.date | None,
    end_date: dt.date | None = None,
) -> bool:
    """Appoint ``user`` to ``program`` as ``kind`` unless so appointed; True when new."""
    _, created = ProgramMembership.objects.get_or_create(
        user=user,
        program=program,
        kind=kind,
        defaults={"start_date": start_date, "end_date": end_date},
    )
    return created


def set_open_appointment(
    *,
    user: User,
    program: Any,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    esir: bool,
) -> int:
    """Give the open-ended appointment of ``user`` its dates and ESIR track; how many changed."""
    return ProgramMembership.objects.filter(
        user=user, program=program, kind=kind, end_date__isnull=True
    ).update(esir=esir, start_date=start_date, end_date=end_date)


def appoint_dated(
    *,
    user: User,
    program: Any,
    kind: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
) -> None:
    """Appoint ``user`` to ``program`` as ``kind`` from ``start_date`` to ``end_date``; an
    earlier appointment of that kind (someone coming back) takes the new dates."""
    ProgramMembership.objects.update_or_create(
        user=user,
        program=program,
        kind=kind,
        defaults={"start_date": start_date, "end_date": end_date},
    )
