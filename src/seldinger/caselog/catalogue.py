"""The IR procedure catalogue (pure core).

Each procedure family is one dated parameter file under
``rules/parameters/procedures/``; its value lists the family's procedures
with stable keys, skill level, CPT codes where known and synonyms.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from seldinger.rules.engine import ParameterSet

SKILL_LEVELS = ("basic", "intermediate", "advanced")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Procedure:
    key: str
    name: str
    category: str
    category_name: str
    skill_level: str
    cpt_codes: tuple[str, ...]
    synonyms: tuple[str, ...]
    pediatric: bool

    @property
    def search_text(self) -> str:
        return " ".join((self.name, self.category_name, *self.synonyms, *self.cpt_codes)).lower()


@dataclass(frozen=True)
class Category:
    key: str
    name: str


class Catalogue:
    def __init__(self, categories: list[Category], procedures: list[Procedure]) -> None:
        self.categories = {category.key: category for category in categories}
        self.procedures = {procedure.key: procedure for procedure in procedures}
        self._by_cpt: dict[str, list[Procedure]] = {}
        for procedure in procedures:
            for code in procedure.cpt_codes:
                self._by_cpt.setdefault(code, []).append(procedure)

    def get(self, key: str) -> Procedure | None:
        return self.procedures.get(key)

    def by_cpt(self, code: str) -> list[Procedure]:
        """The procedures a CPT code names (several for 37243)."""
        return list(self._by_cpt.get(code.strip(), []))

    def cpt_index(self) -> dict[str, list[Procedure]]:
        """CPT code -> the procedures it names."""
        return self._by_cpt

    def resolve(self, key_or_cpt: str) -> Procedure | None:
        """A procedure by catalogue key, or by a CPT code that names exactly one procedure."""
        value = key_or_cpt.strip().lower()
        if value in self.procedures:
            return self.procedures[value]
        matches = self._by_cpt.get(value, [])
        return matches[0] if len(matches) == 1 else None

    def search(self, query: str, limit: int = 12) -> list[Procedure]:
        """Procedures where every word typed starts a word of the name, synonyms or CPT codes.

        Exact matches of a key, name or synonym come first, then CPT matches, then
        names starting with the first word, then shorter names.
        """
        phrase = " ".join(query.lower().split())
        words = _WORD.findall(phrase)
        if not words:
            return []
        scored = []
        for procedure in self.procedures.values():
            text_words = _WORD.findall(procedure.search_text)
            if not all(any(word.startswith(typed) for word in text_words) for typed in words):
                continue
            names = {
                procedure.key,
                procedure.name.lower(),
                *(s.lower() for s in procedure.synonyms),
            }
            exact = phrase in names
            cpt = any(typed in procedure.cpt_codes for typed in words)
            starts = procedure.name.lower().startswith(words[0])
            scored.append(
                (not exact, not cpt, not starts, len(procedure.name), procedure.key, procedure)
            )
        return [item[-1] for item in sorted(scored)[:limit]]


def load_catalogue(rules: ParameterSet, *, on: dt.date) -> Catalogue:
    categories: list[Category] = []
    procedures: list[Procedure] = []
    seen: dict[str, str] = {}
    for key, parameter in rules.under("procedures").items():
        if not parameter.in_force(on):
            continue
        family = parameter.value_at(on)
        category = Category(key=key, name=parameter.name or key)
        categories.append(category)
        for index, item in enumerate(family):
            where = f"{parameter.source}: {item.get('key') or f'values[{index}]'}"
            missing = [field for field in ("key", "name", "skill_level") if not item.get(field)]
            if missing:
                raise ValueError(f"{where}: missing {', '.join(missing)}")
            if item["key"] in seen:
                raise ValueError(f"{where}: key {item['key']!r} is also in {seen[item['key']]}")
            seen[item["key"]] = parameter.source
            if item["skill_level"] not in SKILL_LEVELS:
                raise ValueError(f"{where}: unknown skill level {item['skill_level']!r}")
            procedures.append(
                Procedure(
                    key=item["key"],
                    name=item["name"],
                    category=key,
                    category_name=category.name,
                    skill_level=item["skill_level"],
                    cpt_codes=tuple(str(code) for code in item.get("cpt", [])),
                    synonyms=tuple(item.get("synonyms", [])),
                    pediatric=bool(item.get("pediatric", False)),
                )
            )
    return Catalogue(categories, procedures)
