"""The demo's data files: YAML lists of rows kept beside the code that loads them."""

from pathlib import Path
from typing import Any

import yaml


def read_rows(name: str) -> list[dict[str, Any]]:
    """The rows of ``name`` (a YAML list of mappings in this folder)."""
    path = Path(__file__).with_name(name)
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows
