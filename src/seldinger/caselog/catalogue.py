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

    def resolve(self, key_or_cpt: str) -> Procedure | None:
        """A procedure by catalogue key, or by a CPT code that names exactly one procedure."""
        value = key_or_cpt.strip()
        if value in self.procedures:
            return self.procedures[value]
        matches = self._by_cpt.get(value, [])
        return matches[0] if len(matches) == 1 else None

    def search(self, query: str, limit: int = 12) -> list[Procedure]:
        """Procedures whose name, synonyms, category or CPT codes contain every word typed."""
        words = [word for word in re.split(r"\s+", query.lower().strip()) if word]
        if not words:
            return []
        scored = []
        for procedure in self.procedures.values():
            text = procedure.search_text
            if all(word in text for word in words):
                name = procedure.name.lower()
                exact_cpt = any(word in procedure.cpt_codes for word in words)
                starts = name.startswith(words[0]) or any(
                    synonym.lower().startswith(words[0]) for synonym in procedure.synonyms
                )
                scored.append((not exact_cpt, not starts, len(name), procedure.key, procedure))
        return [item[-1] for item in sorted(scored)[:limit]]


def load_catalogue(rules: ParameterSet, *, on: dt.date) -> Catalogue:
    categories: list[Category] = []
    procedures: list[Procedure] = []
    for key, parameter in rules.under("procedures").items():
        if not parameter.in_force(on):
            continue
        family = parameter.value_at(on)
        category = Category(key=key, name=parameter.name or key)
        categories.append(category)
        for item in family:
            skill = item["skill_level"]
            if skill not in SKILL_LEVELS:
                raise ValueError(
                    f"{parameter.source}: {item['key']}: unknown skill level {skill!r}"
                )
            procedures.append(
                Procedure(
                    key=item["key"],
                    name=item["name"],
                    category=key,
                    category_name=category.name,
                    skill_level=skill,
                    cpt_codes=tuple(str(code) for code in item.get("cpt", [])),
                    synonyms=tuple(item.get("synonyms", [])),
                    pediatric=bool(item.get("pediatric", False)),
                )
            )
    return Catalogue(categories, procedures)
