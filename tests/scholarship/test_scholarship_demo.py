import pytest

from seldinger.accounts.management.commands.demo import load_demo_data
from seldinger.accounts.models import User
from seldinger.scholarship.models import ACTIVITY_MODELS, MeetingNote, Mentorship

pytestmark = pytest.mark.django_db


def test_demo_resident_has_scholarship_and_a_mentor_once():
    load_demo_data()
    load_demo_data()
    resident = User.objects.get(username="resident")
    assert len(ACTIVITY_MODELS) == 5
    for model in ACTIVITY_MODELS.values():
        assert model.objects.filter(trainee=resident).count() == 1
    mentorship = Mentorship.objects.get(resident=resident)
    assert mentorship.mentor.username == "faculty"
    assert MeetingNote.objects.filter(mentorship=mentorship).count() == 1
