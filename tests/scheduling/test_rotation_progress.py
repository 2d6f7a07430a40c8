"""A resident's rotations from the published schedules: done (blocks ended) and planned,
against ESIR's requirement for a resident on ESIR, shown on their progress page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from seldinger.scheduling.outcome import EsirRule
from seldinger.scheduling.rotation_counts import PublishedRotations, count_rotations
from seldinger.scheduling.services import publish_schedule
from seldinger.scheduling.solve import solve
from seldinger.scheduling.spec import parse_spec

ESIR = EsirRule(ir=8, icu=1, ir_related_max=3)
KINDS = {"IR": "ir", "MICU": "icu", "Vascular": "ir-related", "Body": "dr"}


def _year(names, *, start=dt.date(2026, 7, 6), esir=True, earlier=None):
    return PublishedRotations(
        start=start,
        block_weeks=4,
        rotations=tuple(names),
        kinds=KINDS,
        earlier=earlier or {},
        esir=esir,
    )


def _rows(counts):
    return {c.kind: (c.done, c.planned, c.required, c.still_needed, c.over_by) for c in counts}


def test_blocks_ended_by_today_are_done_and_the_later_ones_planned():
    year = _year(["IR", "Body", "MICU", "IR", "Vascular"], earlier={"ir": 3})
    # The second block ends 2026-08-31 (8 weeks from 2026-07-06): two blocks done.
    rows = _rows(count_rotations([year], dt.date(2026, 8, 31), ESIR))
    assert rows["ir"] == (4, 1, 8, 3, 0)
    assert rows["icu"] == (0, 1, 1, 0, 0)
    assert rows["ir-related"] == (0, 1, 3, None, 0)
    assert rows["dr"] == (1, 0, None, None, 0)
    # A day earlier the second block has not ended.
    assert _rows(count_rotations([year], dt.date(2026, 8, 30), ESIR))["dr"][:2] == (0, 1)


def test_too_many_ir_related_rotations_are_shown_over_the_limit():
    year = _year(["Vascular"] * 4, earlier={"ir-related": 1})
    assert _rows(count_rotations([year], dt.date(2026, 7, 1), ESIR))["ir-related"] == (
        1,
        4,
        3,
        None,
        2,
    )


def test_a_resident_not_on_esir_gets_counts_by_kind_without_requirements():
    year = _year(["IR", "Body"], esir=False)
    rows = _rows(count_rotations([year], dt.date(2026, 7, 1), ESIR))
    assert rows == {"dr": (0, 1, None, None, 0), "ir": (0, 1, None, None, 0)}
    # The training record may say ESIR when the schedule does not.
    on_record = _rows(count_rotations([year], dt.date(2026, 7, 1), ESIR, esir=True))
    assert on_record["icu"] == (0, 0, 1, 1, 0)


def test_two_years_add_up_and_only_the_first_years_earlier_rotations_count():
    first = _year(["IR"] * 13, earlier={"ir": 1})
    second = _year(["IR"] * 13, start=dt.date(2027, 7, 5), earlier={"ir": 14})
    rows = _rows(count_rotations([second, first], dt.date(2027, 7, 5), ESIR))
    assert rows["ir"] == (14, 13, 8, 0, 0)


SPEC = {
    "start": "2026-01-12",
    "blocks": 2,
    "block_weeks": 4,
    "residents": [
        {"id": "r01", "pgy": 3, "esir": True, "done": {"ir": 2}},
        {"id": "r02", "pgy": 3, "esir": False},
    ],
    "rotations": [
        {"name": "IR", "kind": "ir", "need": {"3": [1, 1]}},
        {"name": "Body", "kind": "dr", "need": {"3": [1, 1]}},
    ],
    "call": {"kinds": [], "coverage": {}},
}


@pytest.fixture
def solved():
    return solve(parse_spec(SPEC), time_limit=20, workers=1)


@pytest.mark.django_db
def test_the_progress_page_shows_the_residents_own_rotations(
    client, program, director, ann, ben, solved, today, make_user
):
    publish_schedule(program, solved, director, residents={"r01": "ann", "r02": "ben"})
    blocks = solved["rotations"]["r01"]
    done_ir = blocks[:1].count(
        "IR"
    )  # today (2026-03-02) is after block 1 (ends 2026-02-09), before block 2 ends
    planned_ir = blocks[1:].count("IR")
    client.force_login(ann)
    page = client.get(reverse("caselog:progress")).content.decode()
    assert "Rotations" in page
    row = page.split('data-kind="ir"')[1].split("</tr>")[0]
    assert '<th scope="row">IR</th>' in row
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells == [str(2 + done_ir), str(planned_ir), "8 (ESIR)", str(6 - done_ir - planned_ir)]

    # Ben is not on ESIR: his kinds are listed without a requirement.
    client.force_login(ben)
    page = client.get(reverse("caselog:progress")).content.decode()
    assert 'data-kind="icu"' not in page
    assert "(ESIR)" not in page
    assert 'data-table="rotations"' in page

    # A resident with no published schedule sees no rotations table.
    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role

    cal = make_user("cal", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE)
    client.force_login(cal)
    assert 'data-table="rotations"' not in client.get(reverse("caselog:progress")).content.decode()


@pytest.mark.django_db
def test_the_director_sees_the_residents_rotations_on_their_progress_page(
    client, program, director, ann, ben, solved, today
):
    publish_schedule(program, solved, director, residents={"r01": "ann", "r02": "ben"})
    client.force_login(director)
    page = client.get(reverse("caselog:progress_of", args=["ann"])).content.decode()
    assert 'data-kind="ir"' in page and "8 (ESIR)" in page
