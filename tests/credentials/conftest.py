import datetime as dt
from decimal import Decimal

import pytest

from seldinger.certification.services import create_cme, save_ola, save_profile
from seldinger.credentials.services import add_credential

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def licence(outsider):
    """The diplomate's Minnesota licence, expiring on 2026-03-23 (21 days after TODAY)."""
    outsider.email = "outsider@example.invalid"
    outsider.save(update_fields=["email"])
    return add_credential(
        owner=outsider,
        kind="state-licence",
        state="MN",
        number="MN-12345",
        issued_on=dt.date(2024, 3, 24),
        expires_on=dt.date(2026, 3, 23),
        cme_rules="75 credits every two years",
    )


@pytest.fixture
def certified(outsider):
    """The diplomate's IR/DR certificate of 2015, with 40 CME credits and no PQI yet."""
    save_profile(user=outsider, certificate="IR/DR", initial_certification=dt.date(2015, 10, 1))
    save_ola(owner=outsider, year=2026, answered=8, declined=0)
    create_cme(
        owner=outsider,
        title="Annual meeting",
        provider="Society",
        date=dt.date(2025, 3, 1),
        credits=Decimal("40"),
    )
    return outsider
