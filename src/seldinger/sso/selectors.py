"""Single sign-on's reads: the accounts a hospital login's e-mail address names."""

from django.db.models import QuerySet

from seldinger.accounts.models import User


def accounts_with_email(email: str) -> QuerySet[User]:
    """Every account with this e-mail address, whatever its case (at most two are read: one
    is a match, two are ambiguous)."""
    return User.objects.filter(email__iexact=email.strip()).order_by("pk")[:2]
