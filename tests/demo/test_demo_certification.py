"""The demo diplomate's certificate, OLA, CME and PQI."""

import pytest

from seldinger.accounts.models import User
from seldinger.certification.models import DiplomateProfile
from seldinger.certification.selectors import certification_status
from seldinger.demo.data import load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_diplomate_has_a_2015_certificate_and_cme_below_75(settings, tmp_path, today):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    load_demo_data()
    load_demo_data()  # idempotent
    diplomate = User.objects.get(username="diplomate")
    profile = DiplomateProfile.objects.get(user=diplomate)
    assert profile.certificate == "IR/DR" and profile.initial_certification.year == 2015
    assert diplomate.pqi_activities.count() == 1
    assert diplomate.ola_records.count() == 3
    status = certification_status(diplomate, today)
    cme = status.part("cme")
    assert cme is not None
    assert (cme.status, str(cme.done), str(cme.required)) == ("behind", "45.5", "75")
    assert status.certificate_type == "continuous"
