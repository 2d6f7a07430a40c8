"""Solving a spec from the schedule page, as a background job (here in-process, as without
Redis): its page shows the schedule to download and publish, or the rules in conflict; a
bad spec is refused on the page naming its key; only the program's leaders start one."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from scheduling_programs import call
from scheduling_programs import program as program_spec

from seldinger.accounts.membership import ProgramMembership
from seldinger.jobs.models import Job
from seldinger.jobs.services import start
from seldinger.scheduling.jobs import start_solve
from seldinger.scheduling.models import ScheduleVersion
from seldinger.scheduling.solve import solve
from seldinger.scheduling.spec import parse_spec

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _solve(client, user, prog, spec, time_limit="5"):
    client.force_login(user)
    upload = SimpleUploadedFile("SPEC.json", json.dumps(spec).encode(), "application/json")
    return client.post(f"/schedule/{prog.pk}/solve/", {"spec": upload, "time_limit": time_limit})


def test_a_spec_is_solved_by_a_job_whose_page_offers_the_schedule_and_publishes_it(
    client, program, director, ann
):
    client.force_login(director)
    assert "Solve in the background" in client.get(f"/schedule/{program.pk}/").content.decode()

    response = _solve(client, director, program, program_spec())

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status) == ("scheduling.solve", "succeeded")
    html = client.get(response["Location"]).content.decode()
    assert "Found an optimal schedule of 1 resident and" in html
    assert "Download SCHEDULE.json" in html
    link = f"/schedule/{program.pk}/publish/job/{job.pk}/"
    assert f'href="{link}">Publish this schedule' in html
    download = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)
    assert json.loads(download)["rotations"] == {"r01": ["IR"]}

    published = client.post(link, {"residents": "r01=ann", "note": "From the solver"})

    assert published.status_code == 302 and published["Location"] == f"/schedule/{program.pk}/"
    version = ScheduleVersion.objects.get(program=program)
    assert (version.number, version.note, version.published_by) == (1, "From the solver", director)
    assert version.shifts.filter(resident=ann).count() == 20


def test_an_infeasible_spec_shows_the_rules_in_conflict_and_offers_no_publishing(
    client, program, coordinator
):
    # Two residents on every night's call, and only one resident.
    spec = program_spec(call=call("night", "17:00", 14, count=2))

    response = _solve(client, coordinator, program, spec)

    job = Job.objects.get()
    assert job.status == "succeeded"
    html = client.get(response["Location"]).content.decode()
    assert "No schedule meets every hard rule: 1 rule(s) conflict (coverage)." in html
    assert "Hard rules in conflict" in html
    assert "<td>coverage</td>" in html
    assert "Publish this schedule" not in html
    refused = client.post(f"/schedule/{program.pk}/publish/job/{job.pk}/", follow=True)
    assert "This job holds no schedule of this program." in refused.content.decode()
    assert not ScheduleVersion.objects.exists()


def test_a_bad_spec_is_refused_on_the_page_naming_its_key(client, program, director):
    spec = program_spec(residents=[{"id": "r01", "pgy": "three"}])

    response = _solve(client, director, program, spec)

    assert response.status_code == 400
    html = response.content.decode()
    assert "residents[0].pgy" in html
    assert not Job.objects.exists()


def test_a_time_limit_beyond_the_bound_is_refused(client, program, director):
    response = _solve(client, director, program, program_spec(), time_limit="601")

    assert response.status_code == 400
    assert "less than or equal to 600" in response.content.decode()
    assert not Job.objects.exists()


def test_a_resident_cannot_start_a_solve_nor_is_offered_one(client, program, ann):
    client.force_login(ann)
    assert "Solve in the background" not in client.get(f"/schedule/{program.pk}/").content.decode()

    response = _solve(client, ann, program, program_spec())

    assert response.status_code == 403
    assert not Job.objects.exists()


def test_someone_outside_the_program_does_not_find_its_solve(client, program, faculty):
    response = _solve(client, faculty, program, program_spec())

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_another_leader_sees_neither_the_job_nor_its_publishing(
    client, program, director, coordinator, ann
):
    _solve(client, director, program, program_spec())
    job = Job.objects.get()
    client.force_login(coordinator)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/schedule/{program.pk}/publish/job/{job.pk}/").status_code == 404
    assert not ScheduleVersion.objects.exists()


def test_the_solver_reports_building_solving_and_each_better_schedule():
    told: list[tuple[str, int]] = []
    spec = program_spec()

    result = solve(
        parse_spec(spec),
        time_limit=10,
        workers=1,
        progress=lambda label, done, total: told.append((label, done)),
    )

    assert result["status"] == "optimal"
    assert told[:2] == [("Building the model", 0), ("Solving", 0)]
    found = told[2:]
    assert found and [done for _label, done in found] == list(range(1, len(found) + 1))
    assert found[-1][0] == (
        f"Solving: schedules found, the best with penalty {result['objective']:g}"
    )


def test_a_solve_for_an_owner_who_no_longer_leads_the_program_fails(program, director):
    content = json.dumps(program_spec()).encode()
    job = start_solve(actor=director, program=program, content=content, time_limit=5)
    assert job.status == "succeeded"
    ProgramMembership.objects.filter(user=director).delete()

    again = start(
        kind="scheduling.solve",
        owner=director,
        title="Again",
        params={"program": program.pk, "time_limit": 5},
        content=content,
    )

    assert (again.status, again.error) == (
        "failed",
        "You may no longer solve this program's schedule.",
    )
