import pytest

from seldinger.accounts.models import User
from seldinger.demo.data import load_demo_data
from seldinger.scholarship.models import ACTIVITY_MODELS, MeetingNote, Mentorship

pytestmark = pytest.mark.django_db


def test_demo_resident_has_scholarship_and_a_mentor_once():
    load_demo_data()
    load_demo_data()
    resident = User.objects.get(username="resident")
    counts = {
        kind: model.objects.filter(trainee=resident).count()
        for kind, model in ACTIVITY_MODELS.items()
    }
    assert counts == dict.fromkeys(ACTIVITY_MODELS, 1)
    mentorship = Mentorship.objects.get(resident=resident)
    assert mentorship.mentor.username == "faculty"
    assert MeetingNote.objects.filter(mentorship=mentorship).count() == 1
