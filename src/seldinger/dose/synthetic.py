"""Writing dose reports with pydicom, for the tests and the benchmark (pure; no Django).

The layouts differ as systems' reports do: the unit each names (Gy·m², dGy·cm², µGy·m²;
Gy or mGy; s or ms), whether the accumulated totals sit directly in their container or in a
nested one, and whether the staff are named in the header or in the content. They are
generated files, not copies of any vendor's; the real vendor files the tests read come from
the pyskindose package (docs/dose.md).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

from seldinger.dose import rdsr


@dataclass(frozen=True)
class Layout:
    manufacturer: str
    model: str
    dap_unit: str
    kerma_unit: str
    time_unit: str
    #: Totals inside a further container within the Accumulated X-Ray Dose Data.
    nested_totals: bool = False
    #: Staff named in the content (Person Name items) rather than the header.
    staff_in_content: bool = False


LAYOUTS = {
    "siemens": Layout("SIEMENS", "AXIOM-Artis", "Gy.m2", "Gy", "s"),
    "philips": Layout("Philips Medical Systems", "AlluraClarity", "Gy.m2", "Gy", "s"),
    "ge": Layout("GE Healthcare", "Innova IGS 530", "dGy.cm2", "mGy", "ms", nested_totals=True),
    "canon": Layout("CANON_MEC", "Alphenix Biplane", "uGy.m2", "mGy", "s", staff_in_content=True),
}
_DAP_PER_GYCM2 = {"Gy.m2": Decimal("0.0001"), "dGy.cm2": Decimal(10), "uGy.m2": Decimal(100)}
_KERMA_PER_MGY = {"Gy": Decimal("0.001"), "mGy": Decimal(1)}
_TIME_PER_S = {"s": Decimal(1), "ms": Decimal(1000)}


@dataclass(frozen=True)
class Event:
    plane: str  # "A", "B" or "single"
    dap_gycm2: Decimal
    rp_air_kerma_mgy: Decimal
    duration_s: Decimal
    fluoroscopy: bool = True


@dataclass
class Study:
    layout: str = "siemens"
    study_uid: str = field(default_factory=generate_uid)
    study_date: dt.date = dt.date(2026, 3, 2)
    description: str = "Angiography lower extremity"
    staff: tuple[str, ...] = ("DOE^JANE",)
    patient_name: str = "PATIENT^PRIVATE"
    patient_id: str = "MRN0000001"
    events: tuple[Event, ...] = (
        Event("single", Decimal("12.5"), Decimal("80"), Decimal("300")),
        Event("single", Decimal("30"), Decimal("150"), Decimal("6"), fluoroscopy=False),
    )
    #: Added to each plane's DAP total, to write a report whose totals disagree with events.
    dap_total_offset: Decimal = Decimal(0)


def _code(value: str, meaning: str, scheme: str = "DCM") -> Dataset:
    code = Dataset()
    code.CodeValue = value
    code.CodingSchemeDesignator = scheme
    code.CodeMeaning = meaning
    return code


def _item(value_type: str, concept: str, meaning: str, relationship: str = "CONTAINS") -> Dataset:
    item = Dataset()
    item.RelationshipType = relationship
    item.ValueType = value_type
    item.ConceptNameCodeSequence = Sequence([_code(concept, meaning)])
    return item


def _number(concept: str, meaning: str, value: Decimal, unit: str) -> Dataset:
    item = _item("NUM", concept, meaning)
    measured = Dataset()
    measured.NumericValue = f"{value.normalize():f}"[:16]
    measured.MeasurementUnitsCodeSequence = Sequence([_code(unit, unit, "UCUM")])
    item.MeasuredValueSequence = Sequence([measured])
    return item


def _coded(concept: str, meaning: str, value: Dataset) -> Dataset:
    item = _item("CODE", concept, meaning, "HAS CONCEPT MOD")
    item.ConceptCodeSequence = Sequence([value])
    return item


def _plane_item(plane: str) -> Dataset:
    codes = {v: k for k, v in rdsr.PLANES.items()}
    meanings = {"A": "Plane A", "B": "Plane B", "single": "Single Plane"}
    return _coded(rdsr.ACQUISITION_PLANE, "Acquisition Plane", _code(codes[plane], meanings[plane]))


def _container(concept: str, meaning: str, children: list[Dataset]) -> Dataset:
    item = _item("CONTAINER", concept, meaning)
    item.ContinuityOfContent = "SEPARATE"
    item.ContentSequence = Sequence(children)
    return item


def _header(study: Study, layout: Layout, sop_class: str) -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(sop_class)
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = sop_class
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.StudyInstanceUID = study.study_uid
    dataset.SeriesInstanceUID = generate_uid()
    dataset.StudyDate = study.study_date.strftime("%Y%m%d")
    dataset.ContentDate = dataset.StudyDate
    dataset.Modality = "SR"
    dataset.Manufacturer = layout.manufacturer
    dataset.ManufacturerModelName = layout.model
    dataset.InstitutionName = "Private General Hospital"
    dataset.PatientName = study.patient_name
    dataset.PatientID = study.patient_id
    dataset.PatientBirthDate = "19500101"
    dataset.AccessionNumber = "ACC" + study.patient_id[-6:]
    dataset.StudyDescription = study.description
    if not layout.staff_in_content:
        dataset.PerformingPhysicianName = list(study.staff)
    return dataset


def build(study: Study) -> Dataset:
    """A fluoroscopy X-Ray Radiation Dose SR (TID 10001) for ``study``."""
    layout = LAYOUTS[study.layout]
    dataset = _header(study, layout, rdsr.XRAY_DOSE_SR)
    dataset.ValueType = "CONTAINER"
    dataset.ConceptNameCodeSequence = Sequence(
        [_code(rdsr.DOSE_REPORT, "X-Ray Radiation Dose Report")]
    )
    dataset.ContinuityOfContent = "SEPARATE"
    content = [
        _coded("121058", "Procedure reported", _code("113704", "Projection X-Ray")),
    ]
    if layout.staff_in_content:
        for name in study.staff:
            person = _item("PNAME", rdsr.PERSON_NAME, "Person Name")
            person.PersonName = name
            content.append(person)
    dap, kerma, time = (
        _DAP_PER_GYCM2[layout.dap_unit],
        _KERMA_PER_MGY[layout.kerma_unit],
        _TIME_PER_S[layout.time_unit],
    )
    planes = sorted({event.plane for event in study.events})
    for plane in planes:
        events = [event for event in study.events if event.plane == plane]
        totals = [
            _number(
                rdsr.DAP_TOTAL,
                "Dose Area Product Total",
                (sum((e.dap_gycm2 for e in events), Decimal(0)) + study.dap_total_offset) * dap,
                layout.dap_unit,
            ),
            _number(
                rdsr.RP_TOTAL,
                "Dose (RP) Total",
                sum((e.rp_air_kerma_mgy for e in events), Decimal(0)) * kerma,
                layout.kerma_unit,
            ),
            _number(
                rdsr.FLUORO_TIME_TOTAL,
                "Total Fluoro Time",
                sum((e.duration_s for e in events if e.fluoroscopy), Decimal(0)) * time,
                layout.time_unit,
            ),
        ]
        if layout.nested_totals:
            totals = [
                _container(
                    "113704",
                    "Accumulated Fluoroscopy and Acquisition Projection X-Ray Dose",
                    totals,
                )
            ]
        content.append(
            _container(
                rdsr.ACCUMULATED, "Accumulated X-Ray Dose Data", [_plane_item(plane), *totals]
            )
        )
    for event in study.events:
        kind = (
            _code("113630", "Fluoroscopy")
            if event.fluoroscopy
            else _code("113611", "Stationary Acquisition")
        )
        content.append(
            _container(
                rdsr.IRRADIATION_EVENT,
                "Irradiation Event X-Ray Data",
                [
                    _plane_item(event.plane),
                    _coded(rdsr.EVENT_TYPE, "Irradiation Event Type", kind),
                    _number(
                        rdsr.EVENT_DAP, "Dose Area Product", event.dap_gycm2 * dap, layout.dap_unit
                    ),
                    _number(
                        rdsr.EVENT_RP,
                        "Dose (RP)",
                        event.rp_air_kerma_mgy * kerma,
                        layout.kerma_unit,
                    ),
                    _number(
                        rdsr.EVENT_DURATION,
                        "Irradiation Duration",
                        event.duration_s * time,
                        layout.time_unit,
                    ),
                ],
            )
        )
    dataset.ContentSequence = Sequence(content)
    return dataset


def ct_report(study: Study) -> Dataset:
    """A CT dose report (TID 10011): its own container, which Seldinger refuses by name."""
    dataset = _header(study, LAYOUTS["siemens"], rdsr.XRAY_DOSE_SR)
    dataset.ValueType = "CONTAINER"
    dataset.ConceptNameCodeSequence = Sequence(
        [_code(rdsr.DOSE_REPORT, "X-Ray Radiation Dose Report")]
    )
    dataset.ContentSequence = Sequence(
        [
            _container(
                rdsr.CT_ACCUMULATED,
                "CT Accumulated Dose Data",
                [_number("113813", "CT Dose Length Product Total", Decimal(500), "mGy.cm")],
            )
        ]
    )
    return dataset


def image(study: Study) -> Dataset:
    """A DICOM object that is no structured report (an X-ray angiography image's header)."""
    dataset = _header(study, LAYOUTS["siemens"], "1.2.840.10008.5.1.4.1.1.12.1")
    dataset.Modality = "XA"
    return dataset


def to_bytes(dataset: Dataset) -> bytes:
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def biplane(layout: str = "siemens", **fields: object) -> Study:
    """A biplane study: events on planes A and B."""
    events = (
        Event("A", Decimal("20"), Decimal("110"), Decimal("240")),
        Event("A", Decimal("41.5"), Decimal("220"), Decimal("8"), fluoroscopy=False),
        Event("B", Decimal("9.25"), Decimal("60"), Decimal("120")),
        Event("B", Decimal("15"), Decimal("75"), Decimal("4"), fluoroscopy=False),
    )
    return Study(layout=layout, events=events, **fields)  # type: ignore[arg-type]
