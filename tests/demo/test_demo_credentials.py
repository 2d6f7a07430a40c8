import pytest

from seldinger.accounts.models import User
from seldinger.credentials.selectors import credentials_of, notices
from seldinger.demo.data import load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_diplomate_has_licences_and_a_reminder_once(today):
    load_demo_data()
    load_demo_data()
    diplomate = User.objects.get(username="diplomate")
    kinds = sorted(credentials_of(diplomate).values_list("kind", flat=True))
    assert kinds == ["dea", "hospital-privileges", "state-licence", "state-licence"]
    (notice,) = notices(diplomate, on=today)
    assert notice.days_left <= 30 and notice.days_before == 30
