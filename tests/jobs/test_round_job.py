"""A match round runs as a job: its page says the round has run and links to its results;
nobody else sees the job, and an owner who may no longer run rounds gets a refusal."""

import pytest

from seldinger.jobs import services as jobs
from seldinger.jobs.models import Job
from seldinger.match.models import MatchRound

pytestmark = pytest.mark.django_db


def test_another_persona_cannot_see_the_round_job(client, director, resident, outsider):
    client.force_login(director)
    response = client.post("/match/rounds/run/", {"match_year": "", "include_uncertified": "on"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status) == ("match.round", "succeeded")
    for other in (resident, outsider):
        client.force_login(other)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert client.get(f"/api/jobs/{job.pk}").status_code == 404


def test_a_round_job_of_someone_who_may_no_longer_run_rounds_fails_and_stores_nothing(
    resident,
):
    job = jobs.start(
        kind="match.round",
        owner=resident,
        title="Practice round of the 2027 match",
        params={"match_year": 2027, "certified_only": True, "practice": True},
    )
    assert (job.status, job.error) == (
        "failed",
        "Only administrators and program directors run rounds.",
    )
    assert not MatchRound.objects.exists()
