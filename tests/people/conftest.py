"""Invitations and people pages: helpers shared by the tests of ``seldinger.people``."""

import re
from collections.abc import Callable

import pytest
from django.core import mail

from seldinger.accounts.models import User
from seldinger.people import services
from seldinger.people.models import Invitation
from seldinger.programs.models import Program

LINK = re.compile(r"http://\S+/accounts/invitations/(\S+)/")


def link_in_last_email() -> str:
    """The secret of the invitation link in the last e-mail sent."""
    found = LINK.search(mail.outbox[-1].body)
    assert found is not None, mail.outbox[-1].body
    return found.group(1)


@pytest.fixture
def last_link() -> Callable[[], str]:
    """``last_link()``: the secret of the invitation link in the last e-mail sent."""
    return link_in_last_email


@pytest.fixture
def invite(
    director: User, program: Program, django_capture_on_commit_callbacks
) -> Callable[..., tuple[Invitation, str]]:
    """``invite(email=..., role=...)``: the director invites someone; the invitation and the
    secret of its link."""

    def make(email: str = "new.resident@example.org", role: str = "resident", **more: object):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invite(
                actor=director,
                program=program,
                email=email,
                first_name=str(more.pop("first_name", "Nora")),
                last_name=str(more.pop("last_name", "Quill")),
                role=role,
                **more,
            )
        return invitation, link_in_last_email()

    return make
