"""The demo tests' clock: a fixed day, so the demo's dated records are the same every run."""

import datetime as dt

import pytest
import time_machine

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        yield TODAY
