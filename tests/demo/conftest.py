"""The demo tests run on the suite's fixed day, so the demo's dated records never vary."""

import pytest


@pytest.fixture(autouse=True)
def _fixed_day(today):
    yield today
