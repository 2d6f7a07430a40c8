"""Publishing a solver's schedule: a new numbered version each time, history kept, audited;
a schedule naming someone who is not the program's resident is refused, saying where."""

import datetime as dt

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.errors import Forbidden, Invalid
from seldinger.scheduling.models import ScheduledShift, ScheduleVersion
from seldinger.scheduling.services import publish_schedule

pytestmark = pytest.mark.django_db


def test_publishing_makes_a_version_with_each_residents_shifts(published, ann, ben, director):
    assert published.number == 1
    assert published.published_by == director
    assert published.note == "First draft"
    own = ScheduledShift.objects.filter(version=published, resident=ann).order_by("start")
    assert [(s.name, s.kind) for s in own] == [
        ("IR", "clinical"),
        ("night", "call"),
        ("IR", "clinical"),
        ("night", "call"),
    ]
    first = timezone.localtime(own[1].start)
    assert (first.date(), first.time()) == (dt.date(2026, 4, 6), dt.time(17, 0))
    assert ScheduledShift.objects.filter(version=published, resident=ben).count() == 3
    entry = AuditEntry.objects.get(record_type="scheduling.ScheduleVersion")
    assert entry.actor == director
    assert entry.after["number"] == 1
    assert entry.after["shifts"] == 7


def test_a_second_publication_is_version_two_and_keeps_the_first(
    published, program, coordinator, schedule, names
):
    schedule["shifts"] = schedule["shifts"][:2]
    second = publish_schedule(program, schedule, coordinator, residents=names)
    assert second.number == 2
    assert list(
        ScheduleVersion.objects.filter(program=program).values_list("number", flat=True)
    ) == [
        2,
        1,
    ]
    assert published.shifts.count() == 7
    assert second.shifts.count() == 2


def test_ids_that_are_usernames_need_no_mapping(program, director, ann, schedule, today):
    schedule["shifts"] = [{**s, "resident": "ann"} for s in schedule["shifts"][:2]]
    version = publish_schedule(program, schedule, director)
    assert set(version.shifts.values_list("resident__username", flat=True)) == {"ann"}


def test_a_resident_of_no_such_program_is_named_with_the_shift(
    program, director, ann, ben, other_resident, schedule, today
):
    schedule["shifts"][2]["resident"] = "other_resident"
    with pytest.raises(Invalid) as refused:
        publish_schedule(program, schedule, director, residents={"r01": "ann"})
    assert "shifts[2].resident: 'other_resident' is not a current resident" in refused.value.message
    assert {item.field for item in refused.value.items} >= {"shifts[2].resident"}
    assert not ScheduleVersion.objects.exists()


@pytest.mark.parametrize("status", ["infeasible", "unknown", None])
def test_only_a_found_schedule_is_published(
    program, director, ann, ben, schedule, status, today, names
):
    schedule["status"] = status
    with pytest.raises(Invalid, match="only an optimal or feasible schedule"):
        publish_schedule(program, schedule, director, residents=names)


def test_a_shift_without_its_times_is_named(program, director, ann, ben, schedule, today, names):
    schedule["shifts"][1]["end"] = "tomorrow"
    del schedule["shifts"][3]["kind"]
    with pytest.raises(Invalid) as refused:
        publish_schedule(program, schedule, director, residents=names)
    assert "shifts[1]: start and end must be ISO date-times" in refused.value.message
    assert "shifts[3]: needs resident, start, end, kind, name" in refused.value.message


@pytest.mark.parametrize("who", ["ann", "faculty", "other_director"])
def test_only_the_programs_leaders_publish(
    who, request, program, ann, ben, faculty, make_user, other_program, schedule, today, names
):
    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role

    users = {
        "ann": ann,
        "faculty": faculty,
        "other_director": make_user(
            "od", Role.DIRECTOR, program=other_program, kind=ProgramMembership.Kind.DIRECTOR
        ),
    }
    with pytest.raises(Forbidden):
        publish_schedule(program, schedule, users[who], residents=names)
    assert not ScheduleVersion.objects.exists()


def _upload(data: bytes, name: str = "schedule.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_the_director_publishes_by_upload(client, program, director, ann, ben, schedule, today):
    client.force_login(director)
    response = client.post(
        f"/schedule/{program.pk}/publish/",
        {
            "schedule": _upload(orjson.dumps(schedule)),
            "residents": "r01=ann\nr02=ben\n",
            "note": "Spring call",
        },
    )
    assert response.status_code == 302
    version = ScheduleVersion.objects.get(program=program)
    assert (version.number, version.note, version.shifts.count()) == (1, "Spring call", 7)


def test_an_upload_that_is_not_json_is_refused_on_the_form(client, program, director, ann, today):
    client.force_login(director)
    response = client.post(
        f"/schedule/{program.pk}/publish/", {"schedule": _upload(b"{not json", "bad.json")}
    )
    assert response.status_code == 400
    assert "bad.json is not JSON" in response.content.decode()
    assert not ScheduleVersion.objects.exists()


def test_an_upload_naming_strangers_shows_where(
    client, program, director, ann, ben, schedule, today
):
    client.force_login(director)
    response = client.post(
        f"/schedule/{program.pk}/publish/",
        {"schedule": _upload(orjson.dumps(schedule)), "residents": "r01=ann"},
    )
    assert response.status_code == 400
    assert (
        "shifts[2].resident: &#x27;r02&#x27; is not a current resident" in response.content.decode()
    )


def test_a_resident_cannot_publish_by_upload(client, program, ann, schedule, today):
    client.force_login(ann)
    response = client.post(
        f"/schedule/{program.pk}/publish/", {"schedule": _upload(orjson.dumps(schedule))}
    )
    assert response.status_code == 403
    assert not ScheduleVersion.objects.exists()
