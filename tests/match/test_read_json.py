"""Reading instance files: fast, yet what the standard library reads still reads, and a broken
file is refused in the standard library's words; the collector is left as it was found."""

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from seldinger.match.instance import dump_json, gc_paused, read_json

INSTANCE = {
    "programs": [{"id": "P", "positions": 1}],
    "applicants": [{"id": "Ä", "rank_list": ["P"]}],
}


def test_an_instance_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    path.write_bytes(dump_json(INSTANCE))
    assert read_json(path) == INSTANCE


def test_files_the_standard_library_reads_still_read(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.json"
    utf16.write_text(json.dumps(INSTANCE), encoding="utf-16")
    assert read_json(utf16) == INSTANCE
    nan = tmp_path / "nan.json"
    nan.write_text('{"programs": [], "applicants": [], "note": NaN}', encoding="utf-8")
    assert read_json(nan)["applicants"] == []


def test_broken_json_is_refused_in_the_standard_librarys_words(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"programs": [', encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as caught:
        read_json(path)
    assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (
        "Expecting value",
        1,
        15,
    )


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_is_paused_and_left_as_found() -> None:
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    gc.freeze()  # as a pre-forking server does
    try:
        assert gc.get_freeze_count() > 0
        with gc_paused():
            pass
        # Their own freeze and unfreeze would have emptied the permanent generation. (The
        # exact count may drop meanwhile: a frozen object that is freed leaves it.)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
