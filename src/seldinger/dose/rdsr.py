"""Reading X-Ray Radiation Dose Structured Reports (pure core; pydicom, no Django).

A fluoroscopy or angiography system writes one report per study (DICOM SR template TID
10001, "Projection X-Ray Radiation Dose"). What is read, and from where (docs/dose.md):

- the totals, from each **Accumulated X-Ray Dose Data** container (113702, one per plane of a
  biplane system, marked by its Acquisition Plane 113764): Dose Area Product Total (113722),
  Dose (RP) Total (113725, the air kerma at the reference point) and Total Fluoro Time
  (113730); a study's total is the sum of its planes, and each plane is kept;
- every **Irradiation Event X-Ray Data** container (113706, TID 10003): its plane, Dose Area
  Product (122130), Dose (RP) (113738) and, for fluoroscopy, Irradiation Duration (113742).
  The sums of the events are checked against the totals (``TOLERANCE``);
- the date, the device (manufacturer and model), the study and procedure descriptions (to
  suggest the procedure), and the staff names (to find the trainee).

Every other attribute, the patient's above all, is read into memory with the file and
dropped with it; the Study Instance UID leaves this module only as a keyed hash
(``study_key``). Units are converted from what the report names (UCUM): dose-area product to
Gy·cm², air kerma to mGy, time to seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.multival import MultiValue

from seldinger.dose import content
from seldinger.dose.content import Item

#: How far the sum of the irradiation events may stray from a total before the report says so
#: (0.1 %): vendors round each event, and a few events rounded away differ by less.
TOLERANCE = Decimal("0.001")

XRAY_DOSE_SR = "1.2.840.10008.5.1.4.1.1.88.67"
#: Some older systems wrote their dose report as an Enhanced or Comprehensive SR.
SR_CLASSES = {
    XRAY_DOSE_SR,
    "1.2.840.10008.5.1.4.1.1.88.11",  # Basic Text SR
    "1.2.840.10008.5.1.4.1.1.88.22",  # Enhanced SR
    "1.2.840.10008.5.1.4.1.1.88.33",  # Comprehensive SR
    "1.2.840.10008.5.1.4.1.1.88.34",  # Comprehensive 3D SR
}
RADIOPHARMACEUTICAL_DOSE_SR = "1.2.840.10008.5.1.4.1.1.88.68"

# Concept codes (DCM unless said otherwise).
DOSE_REPORT = "113701"
ACCUMULATED = "113702"
IRRADIATION_EVENT = "113706"
ACQUISITION_PLANE = "113764"
DAP_TOTAL = "113722"
RP_TOTAL = "113725"
FLUORO_TIME_TOTAL = "113730"
EVENT_DAP = "122130"
EVENT_RP = "113738"
EVENT_DURATION = "113742"
EVENT_TYPE = "113721"
#: Fluoroscopy as an Irradiation Event Type: DICOM's code, and SNOMED's (Philips writes the
#: SNOMED RT code P5-06000).
FLUOROSCOPY_EVENTS = {"113630", "P5-06000", "44491008"}
CT_ACCUMULATED = "113811"
CT_ACQUISITION = "113819"
PERSON_NAME = "113870"
PERSON_OBSERVER_NAME = "121008"
PLANES = {"113620": "A", "113621": "B", "113622": "single"}

# UCUM units: the factor to Gy·cm², to mGy and to seconds.
_DOSE_PREFIX = {"": Decimal(1), "d": Decimal("0.1"), "c": Decimal("0.01"), "m": Decimal("0.001")}
_DOSE_PREFIX["u"] = Decimal("0.000001")
_AREA_TO_CM2 = {
    "m2": Decimal(10000),
    "dm2": Decimal(100),
    "cm2": Decimal(1),
    "mm2": Decimal("0.01"),
}
_TIME_TO_S = {"s": Decimal(1), "ms": Decimal("0.001"), "min": Decimal(60), "h": Decimal(3600)}


class DoseReportError(ValueError):
    """A file that is not a readable fluoroscopy dose report, with what is wrong."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


@dataclass(frozen=True)
class PlaneDose:
    """One plane's totals (a single-plane system has one, named ``single``)."""

    plane: str
    dap_gycm2: Decimal | None
    rp_air_kerma_mgy: Decimal | None
    fluoro_time_s: Decimal | None
    events: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "plane": self.plane,
            "dap_gycm2": _number(self.dap_gycm2),
            "rp_air_kerma_mgy": _number(self.rp_air_kerma_mgy),
            "fluoro_time_s": _number(self.fluoro_time_s),
            "events": self.events,
        }


@dataclass(frozen=True)
class DoseReport:
    """What Seldinger keeps of one dose report, and what it uses once and drops."""

    file: str
    study_key: str
    study_date: dt.date | None
    device: str
    planes: tuple[PlaneDose, ...]
    events: int
    #: Where the sums of the events disagree with the totals beyond ``TOLERANCE``.
    warnings: tuple[str, ...] = ()
    #: Used to suggest the procedure, never stored.
    descriptions: tuple[str, ...] = field(default=(), repr=False)
    #: Staff names as the suite wrote them ("DOE^JANE"), used to find the trainee, never stored.
    staff_names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def dap_total_gycm2(self) -> Decimal | None:
        return _sum(plane.dap_gycm2 for plane in self.planes)

    @property
    def rp_air_kerma_mgy(self) -> Decimal | None:
        return _sum(plane.rp_air_kerma_mgy for plane in self.planes)

    @property
    def fluoro_time_s(self) -> Decimal | None:
        return _sum(plane.fluoro_time_s for plane in self.planes)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def study_key(study_uid: str, key: bytes) -> str:
    """The keyed hash (HMAC-SHA256) by which a study is recognised again, and all that is
    kept of its Study Instance UID."""
    return hmac.new(key, study_uid.strip().encode("ascii", "replace"), hashlib.sha256).hexdigest()


def dose_factor(unit: str) -> Decimal | None:
    """The factor from a UCUM dose-area product unit to Gy·cm²: ``Gy.m2``, ``dGy.cm2``,
    ``uGy.m2``..., and ``Gym2`` as some Siemens systems write it."""
    dose, found, area = unit.strip().partition("Gy")
    area = area.lstrip(".*·").replace("²", "2")
    if not found or area not in _AREA_TO_CM2:
        return None
    prefix = _DOSE_PREFIX.get(dose.replace("µ", "u"))
    return None if prefix is None else prefix * _AREA_TO_CM2[area]


def kerma_factor(unit: str) -> Decimal | None:
    """The factor from a UCUM air kerma unit (``Gy``, ``mGy``...) to mGy."""
    if not unit.endswith("Gy"):
        return None
    prefix = _DOSE_PREFIX.get(unit[:-2].replace("µ", "u"))
    return None if prefix is None else prefix * 1000


def time_factor(unit: str) -> Decimal | None:
    return _TIME_TO_S.get(unit)


def _code(item: Dataset, attribute: str = "ConceptNameCodeSequence") -> str:
    """A header's code (the report's own concept)."""
    sequence = item.get(attribute)
    if not sequence:
        return ""
    return str(sequence[0].get("CodeValue", "") or sequence[0].get("LongCodeValue", ""))


def _walk(items: list[Item]) -> Iterator[Item]:
    """Every content item of ``items`` and under them, depth first."""
    for item in items:
        yield item
        yield from _walk(item.children)


def _content(dataset: Dataset) -> list[Item]:
    """The report's content items, read from the sequence's bytes when pydicom has left them
    unread (``content``), else through pydicom."""
    raw = dataset.get_item(content.CONTENT_SEQUENCE)
    value = getattr(raw, "value", None)
    if isinstance(value, bytes) and getattr(raw, "is_little_endian", False):
        return content.parse(value, implicit=bool(getattr(raw, "is_implicit_VR", False)))
    return content.from_dataset(dataset)


class _Reader:
    """Reads the values of one report, naming the file in every complaint."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, problem: str) -> DoseReportError:
        return DoseReportError(self.file, problem)

    def measured(self, item: Item, convert: dict[str, Any]) -> Decimal:
        """A NUM item's value in Seldinger's unit (``convert``: what, and the factor function)."""
        if not item.measured or item.number is None:
            raise self.fail(f"{convert['what']} has no value (damaged report)")
        unit = item.unit
        factor: Decimal | None = convert["factor"](unit)
        if factor is None:
            raise self.fail(
                f"{convert['what']} is in {unit or 'no unit'!s}, which is not a unit "
                f"of {convert['kind']}"
            )
        try:
            number = Decimal(item.number)
        except ArithmeticError:
            raise self.fail(f"{convert['what']} is not a number") from None
        return number * factor

    def numbers(self, container: Item, wanted: dict[str, dict[str, Any]]) -> dict[str, Decimal]:
        """The wanted NUM items of a container, found at any depth except inside events."""
        found: dict[str, Decimal] = {}
        stack = list(container.children)
        while stack:
            item = stack.pop()
            code = item.concept
            if code == IRRADIATION_EVENT:
                continue
            if code in wanted and item.value_type == "NUM" and code not in found:
                found[code] = self.measured(item, wanted[code])
            stack.extend(item.children)
        return found


def _plane(container: Item) -> str:
    for item in container.children:
        if item.concept == ACQUISITION_PLANE:
            return PLANES.get(item.code, "single")
    return "single"


_DAP = {"what": "dose-area product", "kind": "dose-area product", "factor": dose_factor}
_KERMA = {"what": "air kerma", "kind": "air kerma", "factor": kerma_factor}
_TIME = {"what": "fluoroscopy time", "kind": "time", "factor": time_factor}
_TOTALS = {DAP_TOTAL: _DAP, RP_TOTAL: _KERMA, FLUORO_TIME_TOTAL: _TIME}
_EVENT = {EVENT_DAP: _DAP, EVENT_RP: _KERMA, EVENT_DURATION: _TIME}


@dataclass
class _EventSums:
    events: int = 0
    dap: Decimal = Decimal(0)
    dap_count: int = 0
    kerma: Decimal = Decimal(0)
    kerma_count: int = 0
    fluoro: Decimal = Decimal(0)
    fluoro_events: int = 0
    fluoro_timed: int = 0


def _disagreement(what: str, plane: str, total: Decimal, events: Decimal, unit: str) -> str | None:
    if total == events:
        return None
    spread = abs(total - events) / max(abs(total), abs(events))
    if spread <= TOLERANCE:
        return None
    where = "" if plane == "single" else f" (plane {plane})"
    return (
        f"{what} total{where} {total:.4g} {unit} differs from the sum of its irradiation "
        f"events, {events:.4g} {unit}, by {spread * 100:.1f}%; the total is used"
    )


def _check(plane: str, totals: dict[str, Decimal], sums: _EventSums) -> list[str]:
    warnings = []
    checks = (
        ("Dose-area product", DAP_TOTAL, sums.dap, sums.dap_count == sums.events, "Gy·cm²"),
        ("Air kerma", RP_TOTAL, sums.kerma, sums.kerma_count == sums.events, "mGy"),
        (
            "Fluoroscopy time",
            FLUORO_TIME_TOTAL,
            sums.fluoro,
            sums.fluoro_events > 0 and sums.fluoro_timed == sums.fluoro_events,
            "s",
        ),
    )
    for what, code, summed, complete, unit in checks:
        if code in totals and sums.events and complete:
            message = _disagreement(what, plane, totals[code], summed, unit)
            if message:
                warnings.append(message)
    return warnings


def _refuse_other_reports(reader: _Reader, dataset: Dataset) -> list[Item]:
    """The report's content items, or the refusal of a file that is no X-ray dose report."""
    sop_class = str(dataset.get("SOPClassUID", ""))
    modality = str(dataset.get("Modality", "")) or "unknown"
    if sop_class == RADIOPHARMACEUTICAL_DOSE_SR:
        raise reader.fail("is a radiopharmaceutical dose report, not an X-ray dose report")
    if sop_class not in SR_CLASSES or content.CONTENT_SEQUENCE not in dataset:
        raise reader.fail(
            f"is a DICOM {modality} object, not a structured report; Seldinger reads "
            "X-Ray Radiation Dose SRs"
        )
    if _code(dataset) != DOSE_REPORT:
        raise reader.fail("is a structured report but not an X-Ray Radiation Dose Report")
    items = _content(dataset)
    if any(item.concept in (CT_ACCUMULATED, CT_ACQUISITION) for item in items):
        raise reader.fail(
            "is a CT dose report (TID 10011); Seldinger reads fluoroscopy and angiography "
            "dose reports (TID 10001)"
        )
    return items


def _study_date(dataset: Dataset) -> dt.date | None:
    for attribute in ("StudyDate", "ContentDate", "SeriesDate"):
        value = str(dataset.get(attribute, "") or "")
        if len(value) >= 8:
            try:
                return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
            except ValueError:
                continue
    return None


def _staff_names(dataset: Dataset, items: list[Item]) -> tuple[str, ...]:
    names: list[str] = []
    for attribute in ("PerformingPhysicianName", "OperatorsName"):
        value = dataset.get(attribute)
        if value:
            several = isinstance(value, MultiValue | list | tuple)
            names.extend(str(name) for name in (value if several else [value]))
    for item in _walk(items):
        if item.value_type == "PNAME" and item.concept in (PERSON_NAME, PERSON_OBSERVER_NAME):
            names.append(item.person)
    return tuple(dict.fromkeys(name for name in names if name.strip()))


def _descriptions(dataset: Dataset) -> tuple[str, ...]:
    texts = [
        str(dataset.get(attribute, "") or "")
        for attribute in ("StudyDescription", "RequestedProcedureDescription", "SeriesDescription")
    ]
    for attribute in ("ProcedureCodeSequence", "PerformedProcedureCodeSequence"):
        for code in dataset.get(attribute, ()):
            texts.append(str(code.get("CodeMeaning", "")))
    return tuple(dict.fromkeys(text.strip() for text in texts if text.strip()))


def read_dataset(dataset: Dataset, *, file: str, key: bytes) -> DoseReport:
    """The dose report held in ``dataset`` (read from ``file``), or the error saying why not."""
    reader = _Reader(file)
    items = _refuse_other_reports(reader, dataset)
    study_uid = str(dataset.get("StudyInstanceUID", "") or "")
    if not study_uid:
        raise reader.fail("has no Study Instance UID (damaged report)")
    accumulated = [item for item in items if item.concept == ACCUMULATED]
    if not accumulated:
        raise reader.fail("has no Accumulated X-Ray Dose container (damaged or incomplete report)")
    if not any(item.concept == IRRADIATION_EVENT for item in _walk(items)):
        raise reader.fail("has no irradiation events (damaged or incomplete report)")
    sums: dict[str, _EventSums] = {}
    for item in _walk(items):
        if item.concept != IRRADIATION_EVENT:
            continue
        plane_sums = sums.setdefault(_plane(item), _EventSums())
        values = reader.numbers(item, _EVENT)
        plane_sums.events += 1
        if EVENT_DAP in values:
            plane_sums.dap += values[EVENT_DAP]
            plane_sums.dap_count += 1
        if EVENT_RP in values:
            plane_sums.kerma += values[EVENT_RP]
            plane_sums.kerma_count += 1
        fluoroscopy = any(
            child.concept == EVENT_TYPE and child.code in FLUOROSCOPY_EVENTS
            for child in item.children
        )
        if fluoroscopy:
            plane_sums.fluoro_events += 1
            if EVENT_DURATION in values:
                plane_sums.fluoro += values[EVENT_DURATION]
                plane_sums.fluoro_timed += 1
    planes: list[PlaneDose] = []
    warnings: list[str] = []
    for container in accumulated:
        plane = _plane(container)
        totals = reader.numbers(container, _TOTALS)
        plane_sums = sums.get(plane, _EventSums())
        warnings.extend(_check(plane, totals, plane_sums))
        planes.append(
            PlaneDose(
                plane=plane,
                dap_gycm2=totals.get(DAP_TOTAL),
                rp_air_kerma_mgy=totals.get(RP_TOTAL),
                fluoro_time_s=totals.get(FLUORO_TIME_TOTAL),
                events=plane_sums.events,
            )
        )
    device = " ".join(
        str(dataset.get(attribute, "") or "").strip()
        for attribute in ("Manufacturer", "ManufacturerModelName")
    ).strip()
    return DoseReport(
        file=file,
        study_key=study_key(study_uid, key),
        study_date=_study_date(dataset),
        device=device,
        planes=tuple(sorted(planes, key=lambda plane: plane.plane)),
        events=sum(plane_sums.events for plane_sums in sums.values()),
        warnings=tuple(warnings),
        descriptions=_descriptions(dataset),
        staff_names=_staff_names(dataset, items),
    )


_SEQUENCE_END = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
_UNDEFINED = 0xFFFFFFFF


def _ends_whole(dataset: Dataset, content: bytes) -> bool:
    """Whether the file's last element ends where the file does: pydicom stops quietly at
    the end of a file cut short, so a report cut inside its content would otherwise read as
    a shorter report."""
    tags = list(dataset.keys())
    if not tags:
        return False
    last = dataset.get_item(max(tags))
    tell, length = getattr(last, "value_tell", None), getattr(last, "length", None)
    if tell is None or length is None:
        return True
    if length == _UNDEFINED:
        return content.endswith(_SEQUENCE_END)
    return bool(tell + length == len(content))


def read_report(source: Path | bytes, *, file: str, key: bytes) -> DoseReport:
    """Read one file (a path, or its bytes) named ``file`` in every message."""
    try:
        content = source.read_bytes() if isinstance(source, Path) else source
    except OSError as error:
        raise DoseReportError(file, f"cannot be read ({error.strerror or error})") from None
    try:
        dataset = pydicom.dcmread(io.BytesIO(content))
        whole = _ends_whole(dataset, content)
    except InvalidDicomError:
        raise DoseReportError(file, "is not a DICOM file") from None
    except Exception:  # pydicom raises many kinds on a truncated or corrupt file
        whole = False
    if not whole:
        raise DoseReportError(file, "is a damaged DICOM file (it ends early or is corrupt)")
    try:
        return read_dataset(dataset, file=file, key=key)
    except DoseReportError:
        raise
    except Exception:  # a value pydicom cannot decode, a sequence cut short
        raise DoseReportError(file, "is a damaged dose report (a value cannot be read)") from None
