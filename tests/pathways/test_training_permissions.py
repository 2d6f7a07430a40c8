"""Who may change a trainee's training record.

The trainee, the director and the coordinator of their program (while their own
appointment is current) and platform administrators may change it; faculty,
other residents and outsiders may not, and get the same answer as for a trainee
who does not exist (Http404).
"""

import datetime as dt

import pytest
from django.http import Http404

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.selectors import can_edit_training_of
from seldinger.audit.models import AuditEntry
from seldinger.pathways import training
from seldinger.pathways.models import TimeOff, TrainingRecord

pytestmark = pytest.mark.django_db

EDITORS = ["resident", "director", "coordinator", "admin_user"]
NOT_EDITORS = ["faculty", "other_resident", "outsider"]


def set_record(actor, trainee, stage="pgy2"):
    return training.set_training(
        actor=actor,
        trainee=trainee,
        pathway="integrated-ir",
        stage=stage,
        stage_start=dt.date(2025, 7, 1),
    )


def add_leave(actor, trainee):
    return training.add_time_off(
        actor=actor,
        trainee=trainee,
        kind="medical",
        start=dt.date(2025, 9, 1),
        end=dt.date(2025, 9, 5),
    )


@pytest.mark.parametrize("persona", EDITORS)
def test_may_edit(request, resident, persona):
    assert can_edit_training_of(request.getfixturevalue(persona), resident)


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_may_not_edit(request, resident, persona):
    assert not can_edit_training_of(request.getfixturevalue(persona), resident)


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_set_the_record_and_are_named_in_the_audit(request, resident, persona):
    actor = request.getfixturevalue(persona)
    saved = set_record(actor, resident)
    assert TrainingRecord.objects.get(user=resident).pk == saved.pk
    entry = AuditEntry.objects.get(record_type="pathways.TrainingRecord", record_id=str(saved.pk))
    assert entry.actor == actor


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_set_the_record(request, resident, persona):
    with pytest.raises(Http404):
        set_record(request.getfixturevalue(persona), resident)
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_change_an_existing_record(request, resident, persona):
    set_record(resident, resident)
    with pytest.raises(Http404):
        set_record(request.getfixturevalue(persona), resident, stage="pgy3")
    assert TrainingRecord.objects.get(user=resident).stage == "pgy2"


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_clear_the_record(request, resident, persona):
    set_record(resident, resident)
    with pytest.raises(Http404):
        training.clear_training(actor=request.getfixturevalue(persona), trainee=resident)
    assert TrainingRecord.objects.filter(user=resident).exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_add_time_off(request, resident, persona):
    set_record(resident, resident)
    with pytest.raises(Http404):
        add_leave(request.getfixturevalue(persona), resident)
    assert not TimeOff.objects.exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_delete_time_off(request, resident, persona):
    set_record(resident, resident)
    item = add_leave(resident, resident)
    with pytest.raises(Http404):
        training.delete_time_off(
            actor=request.getfixturevalue(persona), trainee=resident, time_off_id=item.pk
        )
    assert TimeOff.objects.filter(pk=item.pk).exists()


def test_the_director_records_leave_for_their_resident(resident, director):
    set_record(resident, resident)
    item = add_leave(director, resident)
    assert item.record.user == resident
    entry = AuditEntry.objects.get(record_type="pathways.TimeOff", record_id=str(item.pk))
    assert entry.actor == director


def test_the_coordinator_clears_the_record(resident, coordinator):
    set_record(resident, resident)
    training.clear_training(actor=coordinator, trainee=resident)
    assert not TrainingRecord.objects.exists()
    entry = AuditEntry.objects.get(record_type="pathways.TrainingRecord", action="delete")
    assert entry.actor == coordinator


def test_a_director_whose_appointment_ended_may_not_edit(resident, director):
    ProgramMembership.objects.filter(user=director).update(
        start_date=dt.date(2015, 7, 1), end_date=dt.date(2020, 6, 30)
    )
    assert not can_edit_training_of(director, resident)
    with pytest.raises(Http404):
        set_record(director, resident)
    assert not TrainingRecord.objects.exists()


def test_a_director_of_another_program_may_not_edit(
    make_user, other_program, resident, other_resident
):
    other_director = make_user(
        "other_director", "director", program=other_program, kind=ProgramMembership.Kind.DIRECTOR
    )
    assert can_edit_training_of(other_director, other_resident)
    assert not can_edit_training_of(other_director, resident)
    with pytest.raises(Http404):
        set_record(other_director, resident)
    assert not TrainingRecord.objects.exists()


def test_an_inactive_trainee_may_not_edit_their_own_record(resident):
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        set_record(resident, resident)
    assert not TrainingRecord.objects.exists()


def test_nobody_logged_in_may_not_edit(resident):
    from django.contrib.auth.models import AnonymousUser

    assert not can_edit_training_of(AnonymousUser(), resident)
