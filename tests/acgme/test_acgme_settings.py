"""The program's ACGME category setting is read as pairs, and a bad pair is named."""

import pytest

from seldinger import environment
from seldinger.acgme import core


def test_the_category_setting_reads_key_name_pairs(monkeypatch):
    monkeypatch.setenv(
        "SELDINGER_ACGME_CASE_CATEGORIES", "Venous-Access=Venous access; embolization=Emb, all;"
    )
    assert environment.acgme_case_categories() == {
        "venous-access": "Venous access",
        "embolization": "Emb, all",
    }


def test_a_pair_without_a_name_is_refused_with_its_place(monkeypatch):
    monkeypatch.setenv("SELDINGER_ACGME_CASE_CATEGORIES", "venous-access=Venous access;biopsy")
    with pytest.raises(ValueError, match=r"pair 2 \('biopsy'\): write catalogue-key=ACGME"):
        environment.acgme_case_categories()


def test_unset_means_no_category():
    assert core.acgme_category("embolization", {}) == ""


@pytest.mark.parametrize(
    ("stored", "shown"), [(4, "4"), (3.5, "3.5"), ("nya", "Not yet assessable")]
)
def test_levels_read_as_entered(stored, shown):
    assert core.level_text(stored) == shown
