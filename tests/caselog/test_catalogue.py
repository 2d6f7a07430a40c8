"""The procedure catalogue: families load, keys are stable, search finds what residents type."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from seldinger.caselog.catalogue import SKILL_LEVELS, Catalogue, load_catalogue
from seldinger.rules import PARAMETERS_DIR, default_parameters, load_parameters

TODAY = dt.date(2026, 11, 22)
FAMILY_FILES = sorted((PARAMETERS_DIR / "procedures").glob("*.yaml"))
#: The families the issue asks for (file name = category key).
REQUIRED_FAMILIES = {
    "angiography",
    "angioplasty-stenting",
    "embolization",
    "thrombectomy-thrombolysis",
    "ivc-filters",
    "tips",
    "venous-access",
    "dialysis-access",
    "biopsy",
    "drainage",
    "biliary",
    "nephrostomy",
    "gastrostomy",
    "ablation",
    "neurointerventional",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(default_parameters(), on=TODAY)


def _raw_procedures() -> list[tuple[str, dict[str, object]]]:
    """(family, item) for every procedure in the shipped files, duplicates included."""
    families = default_parameters().under("procedures")
    return [
        (family, item)
        for family, parameter in families.items()
        for item in parameter.value_at(TODAY)
    ]


def test_every_family_file_loads_as_a_category(catalogue: Catalogue) -> None:
    assert len(FAMILY_FILES) >= len(REQUIRED_FAMILIES)
    assert set(catalogue.categories) == {path.stem for path in FAMILY_FILES}
    per_category = Counter(procedure.category for procedure in catalogue.procedures.values())
    for key, category in catalogue.categories.items():
        assert per_category[key] >= 2, f"{key}: too few procedures"
        assert category.name and category.name != key, f"{key}: the file needs a name"


def test_the_families_asked_for_are_all_there(catalogue: Catalogue) -> None:
    assert set(catalogue.categories) >= REQUIRED_FAMILIES


def test_keys_are_unique_across_all_families() -> None:
    keys = Counter(str(item["key"]) for _, item in _raw_procedures())
    assert keys
    assert [key for key, count in keys.items() if count > 1] == []


def test_keys_are_lower_case_slugs(catalogue: Catalogue) -> None:
    assert catalogue.procedures
    for key in catalogue.procedures:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key), key


@pytest.mark.parametrize("key", ["picc", "port-chest", "tace", "embolization-hemorrhage"])
def test_keys_other_code_relies_on_are_stable(catalogue: Catalogue, key: str) -> None:
    assert catalogue.get(key) is not None


def test_each_procedure_has_a_known_category_and_skill_level(catalogue: Catalogue) -> None:
    assert catalogue.procedures
    for procedure in catalogue.procedures.values():
        assert procedure.category in catalogue.categories, procedure.key
        assert procedure.category_name == catalogue.categories[procedure.category].name
        assert procedure.skill_level in SKILL_LEVELS, procedure.key
        assert procedure.name.strip(), procedure.key


def test_each_file_item_has_only_known_fields() -> None:
    allowed = {"key", "name", "skill_level", "cpt", "synonyms", "pediatric"}
    items = _raw_procedures()
    assert items
    for family, item in items:
        assert set(item) <= allowed, f"{family}: {item['key']}: {set(item) - allowed}"
        assert {"key", "name", "skill_level"} <= set(item), f"{family}: {item}"
        assert isinstance(item.get("pediatric", False), bool), f"{family}: {item['key']}"


def test_cpt_codes_are_five_character_codes(catalogue: Catalogue) -> None:
    procedures = list(catalogue.procedures.values())
    codes = [(procedure.key, code) for procedure in procedures for code in procedure.cpt_codes]
    assert codes
    repeated = [p.key for p in procedures if len(set(p.cpt_codes)) != len(p.cpt_codes)]
    assert repeated == []
    assert [(key, code) for key, code in codes if not re.fullmatch(r"\d{4}[\dTF]", code)] == []


def test_synonyms_name_one_procedure_only(catalogue: Catalogue) -> None:
    """The entry form picks a procedure by exact name or synonym: one text, one procedure."""
    owners: dict[str, set[str]] = {}
    assert catalogue.procedures
    for procedure in catalogue.procedures.values():
        for text in (procedure.name, *procedure.synonyms):
            owners.setdefault(text.lower(), set()).add(procedure.key)
    assert {text: keys for text, keys in owners.items() if len(keys) > 1} == {}


def test_procedures_outside_the_cpt_page_cite_it_when_they_carry_codes() -> None:
    cpt_page = "https://www.ama-assn.org/practice-management/cpt"
    with_codes = {
        family: parameter
        for family, parameter in default_parameters().under("procedures").items()
        if any(item.get("cpt") for item in parameter.value_at(TODAY))
    }
    assert with_codes
    uncited = [
        family
        for family, parameter in with_codes.items()
        if cpt_page not in {reference.href for reference in parameter.references}
    ]
    assert uncited == []


@pytest.mark.parametrize(
    ("code", "key"),
    [
        # from the facts file
        ("37191", "ivc-filter-placement"),
        ("37192", "ivc-filter-reposition"),
        ("37193", "ivc-filter-retrieval"),
        ("37241", "embolization-venous"),
        ("37242", "embolization-arterial"),
        ("37244", "embolization-hemorrhage"),
        ("47533", "ptbd-external"),
        ("47536", "biliary-drain-exchange"),
        ("47537", "biliary-drain-removal"),
        ("50432", "nephrostomy"),
        ("50433", "nephroureteral-catheter"),
        ("50434", "nephrostomy-conversion"),
        ("50435", "nephrostomy-exchange"),
        ("50430", "nephrostogram"),
        ("50431", "nephrostogram"),
        ("36561", "port-chest"),
        ("36558", "tunneled-central-line"),
        ("36569", "picc"),
        ("36572", "picc-pediatric"),
        ("37184", "thrombectomy-arterial"),
        ("37185", "thrombectomy-arterial"),
        ("37186", "thrombectomy-arterial"),
        # others
        ("37182", "tips"),
        ("37183", "tips-revision"),
        ("49440", "gastrostomy"),
        ("61645", "stroke-thrombectomy"),
    ],
)
def test_a_cpt_code_of_one_procedure_resolves_to_it(
    catalogue: Catalogue, code: str, key: str
) -> None:
    found = catalogue.resolve(code)
    assert found is not None and found.key == key


@pytest.mark.parametrize("code", ["37243", "61624"])
def test_a_cpt_code_shared_by_several_procedures_resolves_to_none(
    catalogue: Catalogue, code: str
) -> None:
    assert len([p for p in catalogue.procedures.values() if code in p.cpt_codes]) > 1
    assert catalogue.resolve(code) is None


def test_an_ambiguous_cpt_code_searches_to_every_procedure_it_names(catalogue: Catalogue) -> None:
    keys = {procedure.key for procedure in catalogue.search("37243")}
    assert keys == {"tace", "radioembolization", "uterine-fibroid-embolization"}


@pytest.mark.parametrize("text", ["99999", "not-a-key", ""])
def test_unknown_text_resolves_to_none(catalogue: Catalogue, text: str) -> None:
    assert catalogue.resolve(text) is None


def test_keys_resolve_whatever_their_case(catalogue: Catalogue) -> None:
    found = catalogue.resolve("PICC")
    assert found is not None and found.key == "picc"


def test_a_key_resolves_with_surrounding_spaces(catalogue: Catalogue) -> None:
    found = catalogue.resolve("  tips ")
    assert found is not None and found.key == "tips"


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("tips", "tips"),
        ("TIPS", "tips"),
        ("ivc", "ivc-filter-placement"),
        ("IVC filter retrieval", "ivc-filter-retrieval"),
        ("37193", "ivc-filter-retrieval"),
        ("port", "port-chest"),
        ("mediport", "port-chest"),
        ("36561", "port-chest"),
        ("y90", "radioembolization"),
        ("Y-90", "radioembolization"),
        ("tace", "tace"),
        ("ufe", "uterine-fibroid-embolization"),
        ("pcn", "nephrostomy"),
        ("nephrostomy exchange", "nephrostomy-exchange"),
        ("ptbd", "ptbd-external"),
        ("ptbd exchange", "biliary-drain-exchange"),
        ("g-tube", "gastrostomy"),
        ("gj-tube", "gastrojejunostomy-conversion"),
        ("picc", "picc"),
        ("pediatric picc", "picc-pediatric"),
        ("cvc", "central-line-nontunneled"),
        ("rfa", "ablation-radiofrequency"),
        ("mwa", "ablation-microwave"),
        ("cryo", "ablation-cryo"),
        ("ire", "ablation-ire"),
        ("histotripsy", "ablation-histotripsy"),
        ("declot", "dialysis-thrombectomy"),
        ("fistulagram", "dialysis-fistulagram"),
        ("para", "paracentesis"),
        ("thora", "thoracentesis"),
        ("pleurx", "tunneled-pleural-catheter"),
        ("perc chole", "cholecystostomy"),
        ("aortogram", "aortography"),
        ("runoff", "angiography-lower-extremity"),
        ("stroke", "stroke-thrombectomy"),
        ("coiling", "aneurysm-coiling"),
        ("evar", "evar"),
        ("cdt", "thrombolysis-catheter-directed"),
        ("kyphoplasty", "kyphoplasty"),
        ("liver biopsy", "biopsy-liver"),
        ("intussusception", "intussusception-reduction"),
    ],
)
def test_search_finds_the_right_procedure_first(catalogue: Catalogue, query: str, key: str) -> None:
    found = catalogue.search(query)
    assert found, f"{query!r} found nothing"
    assert found[0].key == key, f"{query!r}: {[procedure.key for procedure in found[:4]]}"


@pytest.mark.parametrize("query", ["", "   ", "qqqq", "tips qqqq"])
def test_search_without_a_match_is_empty(catalogue: Catalogue, query: str) -> None:
    assert catalogue.search(query) == []


def test_search_respects_the_limit(catalogue: Catalogue) -> None:
    assert len(catalogue.search("a", limit=5)) == 5


def test_skill_levels_follow_the_seeds(catalogue: Catalogue) -> None:
    by_category: dict[str, set[str]] = {}
    for procedure in catalogue.procedures.values():
        by_category.setdefault(procedure.category, set()).add(procedure.skill_level)
    # diagnostic angiography: basic or intermediate
    assert by_category["angiography"] == {"basic", "intermediate"}
    # vascular and non-vascular interventions: advanced
    for family in ("angioplasty-stenting", "thrombectomy-thrombolysis", "ablation"):
        assert by_category[family] == {"advanced"}, family
    for key in ("tips", "tace", "radioembolization", "stroke-thrombectomy", "ptbd-external"):
        assert catalogue.procedures[key].skill_level == "advanced", key
    # simple access and drainage: basic
    for key in ("picc", "paracentesis", "thoracentesis", "drain-exchange"):
        assert catalogue.procedures[key].skill_level == "basic", key


def test_paediatric_procedures_are_flagged_across_families(catalogue: Catalogue) -> None:
    paediatric = [p for p in catalogue.procedures.values() if p.pediatric]
    assert {p.key for p in paediatric} >= {
        "picc-pediatric",
        "gastrostomy-pediatric",
        "intussusception-reduction",
        "abscess-drainage-pediatric",
        "sclerotherapy-malformation-pediatric",
    }
    assert len({p.category for p in paediatric}) >= 4
    assert not catalogue.procedures["picc"].pediatric


def _family(folder: Path, name: str, values: str) -> None:
    (folder / "procedures").mkdir(exist_ok=True)
    (folder / "procedures" / f"{name}.yaml").write_text(
        f"name: {name.title()}\n"
        "description: A test family.\n"
        "references:\n"
        "  - {title: AMA CPT, href: 'https://www.ama-assn.org/practice-management/cpt'}\n"
        "last_reviewed: 2026-11-22\n"
        f"values:\n{values}",
        encoding="utf-8",
    )


def test_the_catalogue_is_dated(tmp_path: Path) -> None:
    _family(
        tmp_path,
        "old",
        "  2015-01-01:\n"
        "    - {key: one, name: One, skill_level: basic, cpt: [11111]}\n"
        "  2020-01-01: null\n",
    )
    _family(
        tmp_path,
        "grown",
        "  2015-01-01:\n"
        "    - {key: two, name: Two, skill_level: basic}\n"
        "  2024-07-01:\n"
        "    - {key: two, name: Two, skill_level: basic}\n"
        "    - {key: three, name: Three, skill_level: advanced, pediatric: true}\n",
    )
    rules = load_parameters(tmp_path)

    assert load_catalogue(rules, on=dt.date(2014, 12, 31)).procedures == {}
    in_2016 = load_catalogue(rules, on=dt.date(2016, 1, 1))
    assert set(in_2016.procedures) == {"one", "two"}
    assert set(in_2016.categories) == {"old", "grown"}
    in_2025 = load_catalogue(rules, on=dt.date(2025, 1, 1))
    assert set(in_2025.procedures) == {"two", "three"}
    assert set(in_2025.categories) == {"grown"}
    assert in_2025.procedures["three"].pediatric
    assert in_2025.resolve("11111") is None


def test_an_unknown_skill_level_names_the_file_and_key(tmp_path: Path) -> None:
    _family(tmp_path, "bad", "  2015-01-01:\n    - {key: odd, name: Odd, skill_level: expert}\n")
    with pytest.raises(ValueError, match=r"bad\.yaml: odd: unknown skill level 'expert'"):
        load_catalogue(load_parameters(tmp_path), on=TODAY)
