"""The content tree of a structured report, read straight from its bytes (pure core).

pydicom reads a file's sequences as bytes and parses each only when it is first touched, then
builds a full data element for every value; for a dose report's few hundred content items that
costs some twenty times the read itself. This reads the Content Sequence's bytes once, keeping
of each content item only what ``rdsr`` asks: its concept, value type, coded value, number and
unit, person name and children. Little-endian files (explicit or implicit VR: every dose
report seen) are read here; anything else goes through pydicom (``from_dataset``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

CONTENT_SEQUENCE = 0x0040A730
_CONCEPT_NAME = 0x0040A043
_CONCEPT_CODE = 0x0040A168
_VALUE_TYPE = 0x0040A040
_MEASURED = 0x0040A300
_NUMERIC = 0x0040A30A
_UNITS = 0x004008EA
_CODE_VALUE = 0x00080100
_LONG_CODE_VALUE = 0x00080119
_PERSON_NAME = 0x0040A123
_ITEM = 0xFFFEE000
_ITEM_END = 0xFFFEE00D
_SEQUENCE_END = 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
#: Explicit VRs with a 4-byte length (and 2 reserved bytes before it).
_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT"}
_LONG_VRS.add(b"UV")
#: The sequences read (any other is skipped, its items parsed only to find its end).
_SEQUENCES = {CONTENT_SEQUENCE, _CONCEPT_NAME, _CONCEPT_CODE, _MEASURED, _UNITS}
_KEPT = {_VALUE_TYPE, _NUMERIC, _CODE_VALUE, _LONG_CODE_VALUE, _PERSON_NAME}
_TAG = struct.Struct("<HH")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")


class ContentError(ValueError):
    """The content's bytes end early or do not nest."""


@dataclass(slots=True)
class Item:
    """One content item, as much of it as a dose report's reading needs."""

    concept: str = ""
    value_type: str = ""
    code: str = ""
    number: str | None = None
    unit: str = ""
    measured: bool = False
    person: str = ""
    children: list[Item] = field(default_factory=list)


def _text(value: bytes) -> str:
    return value.decode("latin-1").strip(" \x00")


class _Parser:
    def __init__(self, data: bytes, *, implicit: bool) -> None:
        self.data = data
        self.implicit = implicit

    def sequence(self, start: int, end: int) -> tuple[list[dict[int, Any]], int]:
        """The items of a sequence whose value runs from ``start`` (to ``end``, or to its
        delimiter when ``end`` is None-like: -1); returns them and where the value ends."""
        data = self.data
        items: list[dict[int, Any]] = []
        position = start
        limit = len(data) if end < 0 else end
        while position < limit:
            if position + 8 > len(data):
                raise ContentError("sequence cut short")
            group, element = _TAG.unpack_from(data, position)
            tag = group << 16 | element
            (length,) = _U32.unpack_from(data, position + 4)
            position += 8
            if tag == _SEQUENCE_END:
                return items, position
            if tag != _ITEM:
                raise ContentError(f"expected an item, found ({group:04X},{element:04X})")
            if length == _UNDEFINED:
                item, position = self.dataset(position, -1)
            else:
                item, _ = self.dataset(position, position + length)
                position += length
            items.append(item)
        if end < 0:
            raise ContentError("sequence without its end")
        return items, position

    def dataset(self, start: int, end: int) -> tuple[dict[int, Any], int]:
        data = self.data
        values: dict[int, Any] = {}
        position = start
        limit = len(data) if end < 0 else end
        while position < limit:
            if position + 8 > len(data):
                raise ContentError("item cut short")
            group, element = _TAG.unpack_from(data, position)
            tag = group << 16 | element
            if tag == _ITEM_END:
                return values, position + 8
            if self.implicit or group == 0xFFFE:
                vr = b""
                (length,) = _U32.unpack_from(data, position + 4)
                position += 8
            else:
                vr = data[position + 4 : position + 6]
                if vr in _LONG_VRS:
                    (length,) = _U32.unpack_from(data, position + 8)
                    position += 12
                else:
                    (length,) = _U16.unpack_from(data, position + 6)
                    position += 8
            is_sequence = vr == b"SQ" or (not vr and (tag in _SEQUENCES or length == _UNDEFINED))
            if is_sequence:
                if tag not in _SEQUENCES and length != _UNDEFINED:
                    position += length  # a sequence not read, of known length: skipped whole
                    continue
                if length == _UNDEFINED:
                    items, position = self.sequence(position, -1)
                else:
                    items, _ = self.sequence(position, position + length)
                    position += length
                if tag in _SEQUENCES:
                    values[tag] = items
                continue
            if length == _UNDEFINED or position + length > len(data):
                raise ContentError("value cut short")
            if tag in _KEPT:
                values[tag] = data[position : position + length]
            position += length
        if end < 0:
            raise ContentError("item without its end")
        return values, position


def _first_code(values: dict[int, Any], tag: int) -> str:
    items = values.get(tag)
    if not items:
        return ""
    first = items[0]
    raw = first.get(_CODE_VALUE) or first.get(_LONG_CODE_VALUE) or b""
    return _text(raw)


def _item(values: dict[int, Any]) -> Item:
    item = Item(
        concept=_first_code(values, _CONCEPT_NAME),
        value_type=_text(values.get(_VALUE_TYPE, b"")),
        code=_first_code(values, _CONCEPT_CODE),
        children=[_item(child) for child in values.get(CONTENT_SEQUENCE, ())],
    )
    measured = values.get(_MEASURED)
    if measured:
        item.measured = True
        first = measured[0]
        if _NUMERIC in first:
            item.number = _text(first[_NUMERIC]).split("\\")[0].strip()
        item.unit = _first_code(first, _UNITS)
    if _PERSON_NAME in values:
        item.person = values[_PERSON_NAME].decode("utf-8", "replace").strip(" \x00")
    return item


def parse(value: bytes, *, implicit: bool) -> list[Item]:
    """The content items of a Content Sequence's value (little endian)."""
    items, _ = _Parser(value, implicit=implicit).sequence(0, len(value))
    return [_item(item) for item in items]


def from_dataset(dataset: Any) -> list[Item]:
    """The same items through pydicom, for a sequence pydicom has already read."""

    def code(item: Any, keyword: str) -> str:
        sequence = item.get(keyword)
        if not sequence:
            return ""
        return str(sequence[0].get("CodeValue", "") or sequence[0].get("LongCodeValue", ""))

    def convert(item: Any) -> Item:
        converted = Item(
            concept=code(item, "ConceptNameCodeSequence"),
            value_type=str(item.get("ValueType", "") or ""),
            code=code(item, "ConceptCodeSequence"),
            person=str(item.get("PersonName", "") or ""),
            children=[convert(child) for child in item.get("ContentSequence", ())],
        )
        measured = item.get("MeasuredValueSequence")
        if measured:
            converted.measured = True
            value = measured[0]
            if "NumericValue" in value:
                converted.number = str(value.NumericValue)
            converted.unit = code(value, "MeasurementUnitsCodeSequence")
        return converted

    return [convert(item) for item in dataset.get("ContentSequence", ())]
