"""Whose study, and which procedure (pure core).

A trainee lists the forms of their name the angiography suite records ("DOE^JANE", as the
DICOM person name writes family^given); a report's staff names are compared with those forms
after the same normalisation. The procedure is suggested from the study and procedure
descriptions through the catalogue's names and synonyms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from seldinger.caselog.catalogue import Catalogue

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
_ASIDE = re.compile(r"\([^)]*\)")


def _words(text: str) -> list[str]:
    """The words compared: an "-ography" is its "-ogram" (angiography, angiogram)."""
    return [
        word[: -len("ography")] + "ogram" if word.endswith("ography") else word
        for word in _WORD.findall(text.lower())
    ]


def name_form(name: str) -> str:
    """A person's name as compared: ``FAMILY^GIVEN`` in capitals, without accents or extra
    spaces. Takes a DICOM person name (``Doe^Jane^^Dr``: the alphabetic group only) or
    ``Doe, Jane``."""
    alphabetic = name.split("=", 1)[0]
    if "^" not in alphabetic and "," in alphabetic:
        family, _, given = alphabetic.partition(",")
        parts = [family, given]
    else:
        parts = alphabetic.split("^")
    family = parts[0] if parts else ""
    given = parts[1] if len(parts) > 1 else ""
    cleaned = [
        _SPACES.sub(
            " ",
            "".join(
                character
                for character in unicodedata.normalize("NFKD", part)
                if not unicodedata.combining(character)
            ),
        )
        .strip()
        .upper()
        for part in (family, given)
    ]
    return "^".join(cleaned).strip("^") if cleaned[0] else ""


@dataclass(frozen=True)
class TraineeMatch:
    """The one trainee a report names, or why none was chosen."""

    trainee_id: int | None
    reason: str


def match_trainee(staff_names: Iterable[str], forms: Mapping[str, Iterable[int]]) -> TraineeMatch:
    """The trainee whose listed name forms (``forms``: form -> trainee ids) the report's staff
    include; none when no one's, or more than one trainee's, do."""
    found: set[int] = set()
    for name in staff_names:
        found.update(forms.get(name_form(name), ()))
    if len(found) == 1:
        return TraineeMatch(found.pop(), "")
    if not found:
        return TraineeMatch(None, "no trainee lists a name the report records")
    return TraineeMatch(None, f"the names the report records match {len(found)} trainees")


def suggest_procedure(descriptions: Iterable[str], catalogue: Catalogue) -> str | None:
    """The catalogue procedure whose name or a synonym is written, word for word, in the
    descriptions (the longest such phrase wins; a tie suggests nothing). The description is
    used here only, and never stored."""
    words = set()
    for text in descriptions:
        words.update(_words(text))
    if not words:
        return None
    best: dict[str, int] = {}
    for procedure in catalogue.procedures.values():
        # A name's aside, "(run-off)", need not be written too.
        for phrase in (_ASIDE.sub("", procedure.name), *procedure.synonyms):
            phrase_words = _words(phrase)
            if phrase_words and all(word in words for word in phrase_words):
                best[procedure.key] = max(best.get(procedure.key, 0), len(phrase_words))
    if not best:
        return None
    top = max(best.values())
    keys = [key for key, score in best.items() if score == top]
    return keys[0] if len(keys) == 1 else None
