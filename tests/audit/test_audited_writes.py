"""Audited writes: each saves the record and writes one entry, or, refused, neither."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from seldinger.accounts.models import Role
from seldinger.audit.models import AuditEntry
from seldinger.audit.records import record_of
from seldinger.audit.services import (
    audited_change,
    audited_create,
    audited_delete,
    audited_update,
)
from seldinger.certification.models import PqiActivity

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def owner(make_user):
    return make_user("diplomate", Role.DIPLOMATE)


@pytest.fixture
def pqi(owner):
    return PqiActivity.objects.create(owner=owner, title="Line infections", completed_on=DAY)


def entry():
    return AuditEntry.objects.get()


def test_create_saves_and_audits_the_state_after(owner):
    pqi = audited_create(
        actor=owner, instance=PqiActivity(owner=owner, title="Audit", completed_on=DAY)
    )
    assert PqiActivity.objects.filter(pk=pqi.pk, title="Audit").exists()
    audited = entry()
    assert (audited.actor, audited.action, audited.record_type) == (
        owner,
        "create",
        "certification.PqiActivity",
    )
    assert audited.record_id == str(pqi.pk)
    assert audited.before is None
    assert audited.after == {"title": "Audit", "kind": "project", "completed_on": "2026-03-02"}


def test_update_audits_before_and_after(owner, pqi):
    audited_update(actor=owner, instance=pqi, changes={"title": "Line infections II"})
    pqi.refresh_from_db()
    assert pqi.title == "Line infections II"
    audited = entry()
    assert audited.action == "update"
    assert audited.before == {
        "title": "Line infections",
        "kind": "project",
        "completed_on": "2026-03-02",
    }
    assert audited.after == {
        "title": "Line infections II",
        "kind": "project",
        "completed_on": "2026-03-02",
    }


def test_a_refused_update_saves_and_audits_nothing(owner, pqi):
    with pytest.raises(ValidationError):
        audited_update(
            actor=owner, instance=pqi, changes={"title": ""}, check=PqiActivity.full_clean
        )
    assert PqiActivity.objects.get().title == "Line infections"
    assert not AuditEntry.objects.exists()


def test_a_change_refused_in_its_block_saves_and_audits_nothing(owner, pqi):
    with pytest.raises(ValueError), audited_change(actor=owner, instance=pqi) as changed:
        changed.title = "Never saved"
        raise ValueError("refused")
    assert PqiActivity.objects.get().title == "Line infections"
    assert not AuditEntry.objects.exists()


def test_a_record_new_to_the_change_is_audited_as_created(owner):
    fresh = PqiActivity(owner=owner, completed_on=DAY)
    with audited_change(actor=owner, instance=fresh, created=True):
        fresh.title = "New"
    audited = entry()
    assert (audited.action, audited.before, audited.after["title"]) == ("create", None, "New")


def test_a_given_state_is_what_is_audited(owner, pqi):
    def title_only(item: PqiActivity) -> dict[str, str]:
        return {"title": item.title}

    audited_update(actor=owner, instance=pqi, changes={"title": "Renamed"}, state=title_only)
    audited = entry()
    assert (audited.before, audited.after) == ({"title": "Line infections"}, {"title": "Renamed"})


def test_delete_audits_the_state_before_and_deletes(owner, pqi):
    record_id = str(pqi.pk)
    audited_delete(actor=owner, instance=pqi)
    assert not PqiActivity.objects.exists()
    audited = entry()
    assert (audited.action, audited.record_id, audited.after) == ("delete", record_id, None)
    assert audited.before == {
        "title": "Line infections",
        "kind": "project",
        "completed_on": "2026-03-02",
    }


def test_a_record_names_a_relation_by_its_id(owner, pqi):
    assert record_of(pqi, ("owner", "title")) == {"owner": owner.pk, "title": "Line infections"}
