"""The trainee's one training record on the web: /plan/training/ and the planner page."""

import datetime as dt
import re

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.pathways import training
from seldinger.pathways.models import TimeOff, TrainingRecord

pytestmark = pytest.mark.django_db

PAGE = "/plan/training/"
# Integrated IR, PGY-2 from 2025-07-01: PGY-1 started 2024-07-01, six years, ends 2030-06-30.
RECORD = {"action": "training", "pathway": "integrated-ir", "stage": "pgy2"}
START = "2025-07-01"
# One year of parental leave: 261 workdays, 61 beyond the 5 x 40 allowed over the residency.
YEAR_OFF = {"action": "time-off", "kind": "parental", "start": "2025-07-01", "end": "2026-06-30"}
EXTENDED = re.compile(r"\(extended by \d+ workdays")
TRAINING_END = re.compile(r'id="training-end">([^<]+)<')


def shown_training_end(html: str) -> str:
    found = TRAINING_END.search(html)
    assert found is not None, "the page shows no training end"
    return found.group(1)


def test_a_resident_enters_their_record_and_it_is_saved(client, resident):
    client.force_login(resident)
    response = client.post(PAGE, {**RECORD, "stage_start": START})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    saved = TrainingRecord.objects.get(user=resident)
    assert (saved.pathway, saved.stage, saved.stage_start) == (
        "integrated-ir",
        "pgy2",
        dt.date(2025, 7, 1),
    )


def test_entering_the_record_is_audited(client, resident):
    client.force_login(resident)
    client.post(PAGE, {**RECORD, "stage_start": START})
    saved = TrainingRecord.objects.get(user=resident)
    entry = AuditEntry.objects.get(record_type="pathways.TrainingRecord", record_id=str(saved.pk))
    assert entry.actor == resident and entry.action == "create"
    assert entry.after["pathway"] == "integrated-ir" and entry.after["stage"] == "pgy2"


def test_after_saving_the_page_shows_the_training_end(client, resident):
    client.force_login(resident)
    response = client.post(PAGE, {**RECORD, "stage_start": START}, follow=True)
    html = response.content.decode()
    assert "Training record saved." in html
    assert shown_training_end(html) == "Jun 30, 2030"


def test_a_pathway_that_cannot_be_planned_is_refused_with_the_reason(client, resident):
    client.force_login(resident)
    # The integrated pathway takes residents starting PGY-1 from 2016-07-01 on.
    response = client.post(
        PAGE, {**RECORD, "pathway": "integrated-ir", "stage": "pgy1", "stage_start": "2014-07-01"}
    )
    assert response.status_code == 400
    assert "not open to residents starting on 2014-07-01" in response.content.decode()
    assert not TrainingRecord.objects.exists()
    assert not AuditEntry.objects.filter(record_type="pathways.TrainingRecord").exists()


def test_a_record_past_the_pathways_length_is_refused(client, resident):
    client.force_login(resident)
    response = client.post(PAGE, {**RECORD, "stage": "pgy7", "stage_start": START})
    assert response.status_code == 400
    assert "has 6 postgraduate years" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_time_off_beyond_the_allowance_extends_training(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    response = client.post(PAGE, YEAR_OFF)
    assert response.status_code == 302
    html = client.get(PAGE).content.decode()
    assert "extended by 61 workdays from Jun 30, 2030" in html
    assert shown_training_end(html) == "Sep 23, 2030"


def test_time_off_is_listed_on_the_page(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    client.post(PAGE, YEAR_OFF)
    html = client.get(PAGE).content.decode()
    assert 'id="time-off-table"' in html
    table = html.split('id="time-off-table"', 1)[1].split("</table>", 1)[0]
    assert "Parental leave" in table and "Jul 1, 2025" in table and "Jun 30, 2026" in table


def test_time_off_within_the_allowance_does_not_extend_training(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    client.post(PAGE, {**YEAR_OFF, "kind": "vacation", "end": "2025-07-31"})
    assert TimeOff.objects.filter(record__user=resident).count() == 1
    html = client.get(PAGE).content.decode()
    assert not EXTENDED.search(html)
    assert shown_training_end(html) == "Jun 30, 2030"


def test_time_off_ending_before_it_starts_is_a_field_error(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    response = client.post(PAGE, {**YEAR_OFF, "start": "2026-01-10", "end": "2026-01-05"})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(
        r'for="id_end">Last day.*?<small class="field-error" role="alert">'
        r"The last day is before the first day.</small>",
        html,
        re.S,
    )
    assert not TimeOff.objects.exists()


def test_removing_time_off_ends_the_extension(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    client.post(PAGE, YEAR_OFF)
    item = TimeOff.objects.get(record__user=resident)
    response = client.post(f"/plan/training/time-off/{item.pk}/delete/", follow=True)
    html = response.content.decode()
    assert "Time off removed." in html
    assert not TimeOff.objects.exists()
    assert not EXTENDED.search(html)
    assert shown_training_end(html) == "Jun 30, 2030"


def test_removing_time_off_is_audited(client, resident, enter_record, week_of_vacation):
    enter_record(resident)
    item = week_of_vacation(resident)
    client.force_login(resident)
    client.post(f"/plan/training/time-off/{item.pk}/delete/")
    entry = AuditEntry.objects.get(
        record_type="pathways.TimeOff", record_id=str(item.pk), action="delete"
    )
    assert entry.actor == resident and entry.before["start"] == "2025-08-04"


def test_another_resident_cannot_remove_my_time_off(
    client, resident, other_resident, enter_record, week_of_vacation
):
    enter_record(resident)
    item = week_of_vacation(resident)
    enter_record(other_resident)
    client.force_login(other_resident)
    response = client.post(f"/plan/training/time-off/{item.pk}/delete/")
    assert response.status_code == 404
    assert TimeOff.objects.filter(pk=item.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_posts_save_nothing(client):
    response = client.post(PAGE, {**RECORD, "stage_start": START})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not TrainingRecord.objects.exists()


def test_the_planner_shows_a_resident_their_own_training_first(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    response = client.get("/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="my-training-heading">Your training<' in html
    assert re.search(
        r'data-event="training-end">\s*<time datetime="2030-06-30">Jun 30, 2030</time>', html
    )


def test_the_planners_own_plan_moves_with_time_off(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    client.post(PAGE, YEAR_OFF)
    html = client.get("/plan/").content.decode()
    assert re.search(r'data-event="training-end">\s*<time datetime="2030-09-23">', html)


def test_the_planner_shows_no_own_training_without_a_record(client, resident):
    client.force_login(resident)
    response = client.get("/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="plan-form"' in html
    assert "Your training" not in html
    assert 'data-event="training-end"' not in html


def test_a_submitted_planner_form_shows_the_asked_plan_not_the_record(
    client, resident, enter_record
):
    enter_record(resident)
    client.force_login(resident)
    response = client.get("/plan/", {"stage": "ms1", "date": "2026-08-01", "pathway": "dr-only"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your training" not in html
    assert re.search(r'data-event="training-end">\s*<time datetime="2035-06-30">', html)


def test_the_page_shows_the_time_off_used_against_the_allowance(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    client.post(PAGE, YEAR_OFF)
    html = client.get(PAGE).content.decode()
    # 261 workdays against 5 residency years x 40: 61 workdays of extension.
    assert "261 of 200 workdays</strong> of time off used over the residency: 61 workdays" in html


def test_removing_the_record_audits_its_time_off_too(resident, enter_record):
    enter_record(resident)
    training.add_time_off(
        actor=resident,
        trainee=resident,
        kind="medical",
        start=dt.date(2026, 1, 5),
        end=dt.date(2026, 1, 9),
    )
    training.clear_training(actor=resident, trainee=resident)
    entry = AuditEntry.objects.get(record_type="pathways.TrainingRecord", action="delete")
    assert entry.before["time_off"] == [
        {"kind": "medical", "start": "2026-01-05", "end": "2026-01-09"}
    ]
    assert not TimeOff.objects.exists()
