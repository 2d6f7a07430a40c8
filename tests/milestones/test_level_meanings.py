"""Each rating shows what its level means: the general ACGME meanings, with their source,
and a subcompetency's own texts when the rule data carries them."""

import dataclasses
import datetime as dt

import pytest

from seldinger.milestones import milestones as core
from seldinger.milestones.forms import level_choices
from seldinger.milestones.models import Evaluation
from seldinger.milestones.selectors import milestone_set
from seldinger.milestones.services import save_evaluation
from seldinger.rules import default_parameters

PERIOD = "2025-1"
LEVEL_3 = "Continues to advance; demonstrates most milestones targeted for residency."


def test_each_level_has_its_meaning_and_a_half_level_lies_between_two():
    milestones = milestone_set(dt.date(2026, 3, 2))
    assert milestones.meaning(3.0) == LEVEL_3
    assert milestones.meaning(3.5).startswith("Between level 3 (Continues to advance;")
    assert "and level 4 (Substantially demonstrates" in milestones.meaning(3.5)
    assert milestones.meaning(None) == "Not enough evidence yet to choose a level."
    titles = [title for title, _ in milestones.references]
    assert "ACGME: The Milestones Guidebook (the general meaning of levels 1 to 5)" in titles
    choices = dict(level_choices(milestones))
    assert choices["3"] == f"3: {LEVEL_3}" and choices["2.5"] == "2.5: between levels 2 and 3"


def test_a_subcompetencys_own_texts_win_when_the_data_carries_them():
    milestones = milestone_set(dt.date(2026, 3, 2))
    pc1 = dataclasses.replace(
        milestones.get("pc1"), level_texts={3: "Own text of level 3."}, reference="Example"
    )
    assert milestones.meaning(3.0, pc1) == "Own text of level 3."
    assert milestones.meaning(3.0, milestones.get("pc2")) == LEVEL_3


def test_level_texts_without_their_reference_are_refused():
    rules = default_parameters()
    parameter = rules[core.PARAMETER_KEY]
    (first, value), *rest = parameter.values
    value = dict(value)
    value["subcompetencies"] = [
        {**value["subcompetencies"][0], "levels": {1: "text"}},
        *value["subcompetencies"][1:],
    ]
    broken = dataclasses.replace(parameter, values=((first, value), *rest))
    with pytest.raises(core.MilestoneDataError, match="level texts need their reference"):
        core.load_milestone_set(_with(rules, broken), dt.date(2026, 3, 2))


def _with(rules, parameter):
    class One:
        def __getitem__(self, key):
            return parameter if key == core.PARAMETER_KEY else rules[key]

    return One()


@pytest.mark.django_db
def test_the_rating_form_and_the_sheet_show_each_levels_meaning(
    client, today, resident, faculty, director, assigned, full_sheet
):
    client.force_login(faculty)
    page = client.get(f"/milestones/residents/{resident.pk}/evaluate/", {"period": PERIOD})
    html = page.content.decode()
    assert f'<option value="3">3: {LEVEL_3}</option>' in html
    assert 'data-level-meaning="meaning-pc1"' in html and 'id="meaning-pc1"' in html
    assert "What the levels mean" in html and "ACGME: The Milestones Guidebook" in html
    assert '<script src="/static/milestones/levels.js" defer></script>' in html
    save_evaluation(
        actor=faculty, resident=resident, period=PERIOD, ratings=full_sheet, submit=False
    )
    html = client.get(f"/milestones/residents/{resident.pk}/evaluate/", {"period": PERIOD})
    assert f'id="meaning-pc1" aria-live="polite">{LEVEL_3}</small>' in html.content.decode()
    save_evaluation(
        actor=faculty, resident=resident, period=PERIOD, ratings=full_sheet, submit=True
    )
    evaluation = Evaluation.objects.get(resident=resident, evaluator=faculty)
    sheet = client.get(f"/milestones/evaluations/{evaluation.pk}/").content.decode()
    assert f'<td class="milestone-meaning">{LEVEL_3}</td>' in sheet
    assert "Between level 2 (" in sheet  # PC5 at 2.5
