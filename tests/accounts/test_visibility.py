import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.accounts.selectors import (
    can_view_trainee_records,
    programs_led_by,
    trainees_led_by,
    visible_trainees,
)

Kind = ProgramMembership.Kind


def test_resident_sees_self_but_not_another_resident(resident, other_resident):
    assert can_view_trainee_records(resident, resident)
    assert not can_view_trainee_records(resident, other_resident)
    assert list(visible_trainees(resident)) == [resident]


def test_resident_does_not_see_a_classmate(resident, make_user, program):
    classmate = make_user("classmate", Role.RESIDENT, program=program, kind=Kind.TRAINEE)

    assert not can_view_trainee_records(resident, classmate)


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_leaders_see_their_programs_trainees_only(request, persona, resident, other_resident):
    viewer = request.getfixturevalue(persona)

    assert can_view_trainee_records(viewer, resident)
    assert not can_view_trainee_records(viewer, other_resident)
    assert list(visible_trainees(viewer)) == [resident]


def test_faculty_do_not_see_a_trainees_whole_record(faculty, resident):
    """Faculty see only the records that name them; each app shows those."""
    assert not can_view_trainee_records(faculty, resident)
    assert not visible_trainees(faculty).exists()


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_a_trainee_whose_membership_ended_is_no_longer_seen(request, persona, resident):
    viewer = request.getfixturevalue(persona)
    ProgramMembership.objects.filter(user=resident).update(end_date=dt.date(2020, 6, 30))

    assert not can_view_trainee_records(viewer, resident)
    assert not visible_trainees(viewer).exists()
    assert not trainees_led_by(viewer).exists()


def test_a_trainee_not_yet_started_is_not_seen(director, resident):
    ProgramMembership.objects.filter(user=resident).update(start_date=dt.date(2999, 7, 1))

    assert not can_view_trainee_records(director, resident)


def test_director_does_not_see_program_colleagues_as_trainees(director, faculty, resident):
    assert not can_view_trainee_records(director, faculty)
    assert set(visible_trainees(director)) == {resident}


def test_outsider_and_student_see_nobody_else(outsider, student, resident, other_resident):
    for viewer in (outsider, student):
        assert not can_view_trainee_records(viewer, resident)
        assert not can_view_trainee_records(viewer, other_resident)
        assert not visible_trainees(viewer).exists()
    assert can_view_trainee_records(outsider, outsider)


def test_admin_sees_every_trainee(admin_user, resident, other_resident, student):
    assert can_view_trainee_records(admin_user, resident)
    assert can_view_trainee_records(admin_user, other_resident)
    assert set(visible_trainees(admin_user)) == {resident, other_resident}


def test_anonymous_and_inactive_users_see_nothing(director, resident):
    assert not can_view_trainee_records(AnonymousUser(), resident)
    assert not visible_trainees(AnonymousUser()).exists()
    director.is_active = False
    director.save()
    assert not can_view_trainee_records(director, resident)
    assert not visible_trainees(director).exists()


def test_an_ended_faculty_appointment_ends_access(faculty, resident, program):
    ProgramMembership.objects.filter(user=faculty).update(end_date=dt.date(2020, 6, 30))

    assert not can_view_trainee_records(faculty, resident)
    assert not visible_trainees(faculty).exists()


def test_a_future_appointment_gives_no_access_yet(make_user, program, resident):
    newcomer = make_user("newcomer", Role.FACULTY)
    ProgramMembership.objects.create(
        user=newcomer, program=program, kind=Kind.FACULTY, start_date=dt.date(2999, 7, 1)
    )

    assert not can_view_trainee_records(newcomer, resident)


def test_a_director_of_two_programs_sees_both(director, other_program, resident, other_resident):
    ProgramMembership.objects.create(user=director, program=other_program, kind=Kind.DIRECTOR)

    assert can_view_trainee_records(director, other_resident)
    assert set(visible_trainees(director)) == {resident, other_resident}


def test_programs_led_by(director, coordinator, faculty, resident, program, other_program):
    assert list(programs_led_by(director)) == [program]
    assert list(programs_led_by(coordinator)) == [program]
    assert not programs_led_by(faculty).exists()
    assert not programs_led_by(resident).exists()
    assert not programs_led_by(AnonymousUser()).exists()
