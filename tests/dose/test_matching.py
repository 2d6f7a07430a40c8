"""Finding the trainee by the names the suite records, and suggesting the procedure."""

import datetime as dt

import pytest

from seldinger.caselog.catalogue import load_catalogue
from seldinger.dose.matching import match_trainee, name_form, suggest_procedure
from seldinger.rules import default_parameters


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("DOE^JANE", "DOE^JANE"),
        ("Doe^Jane^^Dr^", "DOE^JANE"),
        ("Doe, Jane", "DOE^JANE"),
        ("  Núñez^José  María ", "NUNEZ^JOSE MARIA"),
        ("Doe^Jane=ドウ^ジェーン", "DOE^JANE"),
        ("DOE", "DOE"),
        ("", ""),
    ],
)
def test_name_forms(written, form):
    assert name_form(written) == form


def test_one_trainee_named_is_matched():
    forms = {"DOE^JANE": [7], "ROE^RICHARD": [8]}
    assert match_trainee(["Doe^Jane^^Dr", "SMITH^ATTENDING"], forms).trainee_id == 7


def test_no_one_or_two_trainees_named_match_no_one():
    forms = {"DOE^JANE": [7], "ROE^RICHARD": [8]}
    nobody = match_trainee(["SMITH^ATTENDING"], forms)
    assert (nobody.trainee_id, nobody.reason) == (
        None,
        "no trainee lists a name the report records",
    )
    both = match_trainee(["DOE^JANE", "ROE^RICHARD"], forms)
    assert (both.trainee_id, both.reason) == (None, "the names the report records match 2 trainees")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(default_parameters(), on=dt.date(2026, 3, 2))


def test_the_procedure_is_suggested_through_the_catalogue_synonyms(catalogue):
    assert suggest_procedure(["Runoff bilateral", "Radiation Dose Information"], catalogue) == (
        "angiography-lower-extremity"
    )
    assert suggest_procedure(["RENAL ANGIOGRAM"], catalogue) == "angiography-renal"


def test_a_description_naming_no_procedure_suggests_none(catalogue):
    assert suggest_procedure(["Exam Protocol SR"], catalogue) is None
    assert suggest_procedure([], catalogue) is None


def test_angiography_and_angiogram_are_one_word_and_asides_need_not_be_written(catalogue):
    assert suggest_procedure(["Angiography lower extremity"], catalogue) == (
        "angiography-lower-extremity"
    )
    assert suggest_procedure(["Abdominal aortography"], catalogue) == "aortography"
