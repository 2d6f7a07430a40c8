"""The audit trail reads every model's fields the same way."""

import datetime as dt
from decimal import Decimal

from seldinger.audit.records import record_of
from seldinger.certification.models import CmeActivity
from seldinger.scholarship.models import Mentorship


def test_a_record_names_related_records_by_id_and_dates_as_iso_text():
    mentorship = Mentorship(
        program_id=3, resident_id=5, mentor_id=7, started_on=dt.date(2025, 7, 1), ended_on=None
    )

    assert mentorship.as_record() == {
        "program": 3,
        "resident": 5,
        "mentor": 7,
        "started_on": "2025-07-01",
        "ended_on": None,
    }


def test_a_record_gives_decimals_as_text_and_files_by_their_stored_name():
    activity = CmeActivity(
        title="IR symposium", credits=Decimal("1.50"), certificate="cme/1/abc.pdf"
    )

    assert record_of(activity, ("title", "credits", "certificate")) == {
        "title": "IR symposium",
        "credits": "1.50",
        "certificate": "cme/1/abc.pdf",
    }
