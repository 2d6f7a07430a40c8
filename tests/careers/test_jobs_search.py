"""Jobs board search: filters, text, paging, closed postings hidden."""

import pytest

from seldinger.careers.models import JobPosting
from seldinger.careers.selectors import JobFilters, search_postings

S, Sub = JobPosting.Setting, JobPosting.Subspecialty


@pytest.fixture
def board(make_posting, employer):
    return {
        "academic": make_posting(
            employer,
            title="Academic IR",
            setting=S.ACADEMIC,
            subspecialty=Sub.ONCOLOGY,
            state="OR",
            salary_min=400000,
            salary_max=470000,
        ),
        "neuro": make_posting(
            employer,
            title="Neuro IR",
            setting=S.HOSPITAL_EMPLOYED,
            subspecialty=Sub.NEURO,
            state="TX",
            salary_min=550000,
            salary_max=680000,
            description="Stroke thrombectomy",
        ),
        "no_salary": make_posting(
            employer,
            title="Outpatient lab IR",
            setting=S.OUTPATIENT,
            subspecialty=Sub.VASCULAR,
            state="FL",
            salary_min=None,
            salary_max=None,
        ),
        "floor_only": make_posting(
            employer,
            title="Private IR",
            state="MN",
            salary_min=600000,
            salary_max=None,
        ),
        "closed": make_posting(employer, title="Closed IR", state="OR", is_open=False),
    }


def titles(filters):
    return {posting.title for posting in search_postings(filters)}


def test_no_filters_lists_every_open_posting(board):
    assert titles(JobFilters()) == {"Academic IR", "Neuro IR", "Outpatient lab IR", "Private IR"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (JobFilters(setting=S.ACADEMIC), {"Academic IR"}),
        (JobFilters(subspecialty=Sub.NEURO), {"Neuro IR"}),
        (JobFilters(state="or"), {"Academic IR"}),
        (JobFilters(min_salary=500000), {"Neuro IR", "Private IR"}),
        (JobFilters(min_salary=650000), {"Neuro IR"}),
        (JobFilters(text="thrombectomy"), {"Neuro IR"}),
        (JobFilters(text="testville", state="FL"), {"Outpatient lab IR"}),
        (JobFilters(setting=S.ACADEMIC, subspecialty=Sub.NEURO), set()),
    ],
)
def test_filters_combine(board, filters, expected):
    assert titles(filters) == expected


def test_web_search_filters_and_pages(client, make_posting, employer):
    for index in range(12):
        make_posting(employer, title=f"Vascular job {index:02}", subspecialty=Sub.VASCULAR)
    make_posting(employer, title="Neuro job", subspecialty=Sub.NEURO)

    first = client.get("/careers/jobs/", {"subspecialty": "vascular"})
    assert first.status_code == 200
    content = first.content.decode()
    assert "12 positions" in content
    assert "Neuro job" not in content
    assert "Page 1 of 2" in content
    assert "subspecialty=vascular&amp;page=2" in content

    second = client.get("/careers/jobs/", {"subspecialty": "vascular", "page": 2})
    assert second.content.decode().count('class="job-card"') == 2


def test_htmx_search_returns_only_the_results(client, board):
    response = client.get("/careers/jobs/", {"state": "TX"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Neuro IR" in content and "Academic IR" not in content
    assert "<html" not in content


def test_api_search_filters_and_pages(client, board):
    response = client.get("/api/careers/jobs", {"setting": "academic"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and len(data["items"]) == 1
    assert data["items"][0]["title"] == "Academic IR"
    assert data["items"][0]["setting_label"] == "Academic"

    data = client.get("/api/careers/jobs", {"min_salary": 500000, "state": "tx"}).json()["items"]
    assert [item["title"] for item in data] == ["Neuro IR"]


def test_synthetic_postings_show_a_badge(client, make_posting, employer):
    make_posting(employer, title="Demo job (synthetic)", is_synthetic=True)
    content = client.get("/careers/jobs/").content.decode()
    assert "synthetic demo data" in content


def test_closed_posting_is_hidden_from_others(client, board, outsider):
    closed = board["closed"]
    assert client.get(f"/careers/jobs/{closed.pk}/").status_code == 404
    assert client.get(f"/api/careers/jobs/{closed.pk}").status_code == 404
