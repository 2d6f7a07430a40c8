"""Reading dose reports: real vendor files, the layouts written with pydicom, the units, and
a clear message for every file that is no fluoroscopy dose report."""

from decimal import Decimal

import pytest

from seldinger.dose import rdsr, synthetic

KEY = b"test key"


def read(content: bytes, name: str = "study.dcm") -> rdsr.DoseReport:
    return rdsr.read_report(content, file=name, key=KEY)


def close(value: Decimal | None, expected: str) -> bool:
    """Within 0.1 % of ``expected``."""
    assert value is not None
    return abs(value - Decimal(expected)) <= abs(Decimal(expected)) * Decimal("0.001")


# The totals each file's Accumulated X-Ray Dose containers hold, converted by hand: DAP from
# Gy·m² (x 10^4), air kerma from Gy (x 1000). Events: the Irradiation Event containers.
VENDOR_TOTALS = {
    "philips_allura_clarity_u601.dcm": (
        "Philips Allura Clarity",
        "2020-12-10",
        "0.10925838852",
        "5.52845528455",
        "55",
        29,
        ["single"],
    ),
    "philips_allura_clarity_u104.dcm": (
        "Philips Allura Clarity",
        "2020-12-10",
        "0.078391324289",
        "0.70936639118",
        "37",
        25,
        ["A", "B"],
    ),
    "siemens_axiom_artis.dcm": (
        "Siemens AXIOM-Artis",
        "2020-12-10",
        "0.0937",
        "1.36",
        "18",
        21,
        ["single"],
    ),
    "siemens_axiom_example_procedure.dcm": (
        "Siemens AXIOM-Artis",
        "2017-12-12",
        "2.7902",
        "14.06",
        "74",
        24,
        ["single"],
    ),
}


@pytest.mark.parametrize("name", sorted(VENDOR_TOTALS))
def test_real_vendor_reports_are_read_to_a_tenth_of_a_percent(vendor_reports, name):
    device, date, dap, kerma, fluoro, events, planes = VENDOR_TOTALS[name]
    report = read(vendor_reports[name], name)
    assert report.device == device
    assert report.study_date.isoformat() == date
    assert close(report.dap_total_gycm2, dap)
    assert close(report.rp_air_kerma_mgy, kerma)
    assert close(report.fluoro_time_s, fluoro)
    assert report.events == events
    assert [plane.plane for plane in report.planes] == planes


def test_siemens_writes_gym2_and_is_still_read(vendor_reports):
    assert rdsr.dose_factor("Gym2") == Decimal(10000)
    report = read(vendor_reports["siemens_axiom_artis.dcm"])
    assert close(report.dap_total_gycm2, "0.0937")


def test_a_total_that_disagrees_with_its_events_is_said_and_the_total_kept(vendor_reports):
    # Philips' fluoroscopy events sum to less than the accumulated DAP this file states.
    report = read(vendor_reports["philips_allura_clarity_u601.dcm"], "u601.dcm")
    assert close(report.dap_total_gycm2, "0.10925838852")
    assert any(
        warning.startswith(
            "Dose-area product total 0.1093 Gy·cm² differs from the sum of its "
            "irradiation events, 0.09649 Gy·cm², by 11.7%"
        )
        for warning in report.warnings
    )


def test_a_report_written_with_disagreeing_totals_is_flagged(report_bytes):
    report = read(report_bytes(dap_total_offset=Decimal("1")))
    assert close(report.dap_total_gycm2, "43.5")
    assert report.warnings == (
        "Dose-area product total 43.50 Gy·cm² differs from the sum of its irradiation events, "
        "42.50 Gy·cm², by 2.3%; the total is used",
    )


@pytest.mark.parametrize("layout", sorted(synthetic.LAYOUTS))
def test_each_layout_single_plane(report_bytes, layout):
    report = read(report_bytes(layout=layout))
    assert close(report.dap_total_gycm2, "42.5")
    assert close(report.rp_air_kerma_mgy, "230")
    assert close(report.fluoro_time_s, "300")
    assert report.events == 2
    assert [plane.plane for plane in report.planes] == ["single"]
    assert report.warnings == ()


@pytest.mark.parametrize("layout", sorted(synthetic.LAYOUTS))
def test_each_layout_biplane_sums_the_planes_and_keeps_each(report_bytes, layout):
    report = read(report_bytes(layout=layout, biplane=True))
    a, b = report.planes
    assert (a.plane, b.plane) == ("A", "B")
    assert close(a.dap_gycm2, "61.5") and close(b.dap_gycm2, "24.25")
    assert close(a.rp_air_kerma_mgy, "330") and close(b.rp_air_kerma_mgy, "135")
    assert close(a.fluoro_time_s, "240") and close(b.fluoro_time_s, "120")
    assert close(report.dap_total_gycm2, "85.75")
    assert close(report.rp_air_kerma_mgy, "465")
    assert close(report.fluoro_time_s, "360")
    assert (a.events, b.events, report.events) == (2, 2, 4)


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("Gy.m2", "10000"),
        ("dGy.cm2", "0.1"),
        ("cGy.cm2", "0.01"),
        ("mGy.cm2", "0.001"),
        ("uGy.m2", "0.01"),
        ("Gy.cm2", "1"),
        ("mGy.m2", "10"),
    ],
)
def test_dose_area_product_units(unit, factor):
    assert rdsr.dose_factor(unit) == Decimal(factor)


def test_kerma_and_time_units():
    assert rdsr.kerma_factor("Gy") == 1000
    assert rdsr.kerma_factor("mGy") == 1
    assert rdsr.kerma_factor("uGy") == Decimal("0.001")
    assert rdsr.time_factor("ms") == Decimal("0.001")
    assert rdsr.time_factor("min") == 60
    assert rdsr.dose_factor("mm") is None


def test_an_unknown_unit_is_named(report_bytes):
    content = report_bytes().replace(b"Gy.m2", b"R.cm2")
    with pytest.raises(rdsr.DoseReportError) as refused:
        read(content, "odd.dcm")
    assert str(refused.value) == (
        "odd.dcm: dose-area product is in R.cm2, which is not a unit of dose-area product"
    )


def test_not_dicom():
    with pytest.raises(rdsr.DoseReportError) as refused:
        read(b"date,procedure\n2026-01-02,aortography\n", "cases.csv")
    assert str(refused.value) == "cases.csv: is not a DICOM file"


def test_damaged_file(report_bytes):
    content = report_bytes()
    with pytest.raises(rdsr.DoseReportError) as refused:
        read(content[: len(content) // 2], "cut.dcm")
    assert str(refused.value) == "cut.dcm: is a damaged DICOM file (it ends early or is corrupt)"


def test_an_image_is_not_a_structured_report():
    content = synthetic.to_bytes(synthetic.image(synthetic.Study()))
    with pytest.raises(rdsr.DoseReportError) as refused:
        read(content, "image.dcm")
    assert str(refused.value) == (
        "image.dcm: is a DICOM XA object, not a structured report; Seldinger reads X-Ray "
        "Radiation Dose SRs"
    )


def test_a_ct_dose_report_has_its_own_message():
    content = synthetic.to_bytes(synthetic.ct_report(synthetic.Study()))
    with pytest.raises(rdsr.DoseReportError) as refused:
        read(content, "ct.dcm")
    assert str(refused.value) == (
        "ct.dcm: is a CT dose report (TID 10011); Seldinger reads fluoroscopy and angiography "
        "dose reports (TID 10001)"
    )


def test_the_study_is_known_by_a_keyed_hash_only(report_bytes):
    study = synthetic.Study()
    report = read(synthetic.to_bytes(synthetic.build(study)))
    assert report.study_key == rdsr.study_key(study.study_uid, KEY)
    assert report.study_key != rdsr.study_key(study.study_uid, b"another key")
    assert study.study_uid not in repr(report)
    assert "PATIENT" not in repr(report) and "MRN" not in repr(report)


def test_staff_names_from_the_header_or_the_content(report_bytes):
    assert read(report_bytes(staff=("ROE^RICHARD", "DOE^JANE"))).staff_names == (
        "ROE^RICHARD",
        "DOE^JANE",
    )
    assert read(report_bytes(layout="canon", staff=("DOE^JANE",))).staff_names == ("DOE^JANE",)


@pytest.mark.parametrize("name", sorted(VENDOR_TOTALS))
def test_the_content_read_from_bytes_is_what_pydicom_reads(vendor_reports, name):
    """The content tree is read from the sequence's bytes; pydicom's own reading of the same
    sequence (used when pydicom has read it already) gives the same report."""
    import io

    import pydicom

    fast = read(vendor_reports[name], name)
    dataset = pydicom.dcmread(io.BytesIO(vendor_reports[name]))
    assert len(dataset.ContentSequence) > 0  # pydicom parses the sequence itself
    slow = rdsr.read_dataset(dataset, file=name, key=KEY)
    assert (slow.planes, slow.events, slow.warnings) == (fast.planes, fast.events, fast.warnings)
