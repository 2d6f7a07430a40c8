"""Reads every app's selectors ask the same way: a person's own records, and one record or 404.

A getter answers 404 alike whether the record does not exist or the viewer may not see it,
so nobody learns of another person's records by guessing ids.
"""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import is_active_user

M = TypeVar("M", bound=Model)


def owned_by(model: type[M], user: AnyUser | None, owner: str = "owner") -> QuerySet[M]:
    """The ``model`` records whose ``owner`` field names ``user``; none for no one logged in
    and for an inactive account."""
    if not is_active_user(user):
        return model._default_manager.none()
    return model._default_manager.filter(**{owner: user})


def one_or_refuse(records: QuerySet[M], refusal: Exception, **lookup: object) -> M:
    """The first of ``records`` matching ``lookup``, or ``refusal`` raised."""
    found = records.filter(**lookup).first()
    if found is None:
        raise refusal
    return found


def one_or_404(records: QuerySet[M], message: str, **lookup: object) -> M:
    """The first of ``records`` matching ``lookup``, or Http404 with ``message``."""
    return one_or_refuse(records, Http404(message), **lookup)
