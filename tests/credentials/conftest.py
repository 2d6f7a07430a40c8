import datetime as dt
import sys
import types
from dataclasses import dataclass

import pytest
import time_machine

from seldinger.credentials.services import add_credential

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        yield TODAY


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


@dataclass(frozen=True)
class FakePart:
    key: str
    name: str
    status: str
    required: int | None
    done: int | None
    due: dt.date | None


@dataclass(frozen=True)
class FakeStatus:
    parts: list[FakePart]


@pytest.fixture
def certification_parts(monkeypatch):
    """A stand-in ``seldinger.certification.selectors.certification_status``."""
    module = types.ModuleType("seldinger.certification.selectors")

    def certification_status(user, as_of):
        return FakeStatus(
            [
                FakePart("ola", "Online Longitudinal Assessment", "on-track", 52, 30, None),
                FakePart("cme", "CME credits", "behind", 75, 40, dt.date(2026, 12, 31)),
                FakePart("exam", "IR/DR certifying exam", "due", None, None, dt.date(2026, 10, 5)),
            ]
        )

    module.certification_status = certification_status  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "seldinger.certification.selectors", module)
    return module
