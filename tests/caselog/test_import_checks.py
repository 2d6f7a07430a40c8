"""An import checks each row as ``validate_case`` does, though each distinct cell only once."""

from __future__ import annotations

import datetime as dt

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.caselog import selectors, transfer_import
from seldinger.caselog.entries import CHECKED, CaseChecker, validate_case
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry

TODAY = dt.date(2026, 11, 22)
ROWS = [
    {"date": "2026-11-20", "procedure": "picc", "role": "primary", "modality": "ct"},
    {"date": "2026-11-20", "procedure": "PICC", "role": " Primary ", "modality": "CT"},
    {"date": "2026-11-31", "procedure": "picc", "role": "boss", "modality": "ct"},
    {"date": "", "procedure": "picc", "role": "boss", "modality": "", "notes": "Mr. Jones"},
    {"date": "2026-11-20", "procedure": "picc", "role": "primary", "modality": "ct"},
    {"date": "2026-11-31", "procedure": "nope", "role": "", "modality": "ct", "notes": "Mr. Jones"},
    {"date": "2026-11-21", "procedure": "36558", "role": "assistant", "modality": "mri"},
    {"date": "2026-11-21", "procedure": "picc", "role": "", "modality": "x", "age_band": "?"},
    {"date": "2026-11-21", "procedure": "picc", "role": "", "modality": "x", "age_band": "?"},
]


def test_one_checker_for_many_rows_gives_what_validate_case_gives_each_row():
    catalogue = selectors.catalogue()
    checker = CaseChecker(catalogue=catalogue, supervisors={"faculty"}, today=TODAY)
    for raw in ROWS:
        expected = validate_case(raw, catalogue=catalogue, supervisors={"faculty"}, today=TODAY)
        assert checker.check([str(raw.get(name, "")) for name in CHECKED]) == expected, raw


HEADER = ",".join(COLUMNS)


def csv_file(tmp_path, *rows, header=HEADER):
    path = tmp_path / "cases.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_note_repeated_on_many_rows_is_refused_on_each(tmp_path, resident):
    row = "2025-01-02,picc,primary,,ct,,,,,none,{}"
    path = csv_file(tmp_path, row.format("Mr. Jones"), row.format("ok"), row.format("Mr. Jones"))

    result = transfer_import.import_file(path=path, trainee=resident, actor=resident)

    assert [(error.line, error.field) for error in result.report.errors] == [
        (2, "notes"),
        (4, "notes"),
    ]
    assert CaseEntry.objects.count() == 0


@pytest.mark.django_db
def test_an_absent_column_reads_empty_even_where_a_row_has_cells_past_the_header(
    tmp_path, resident
):
    path = csv_file(
        tmp_path, "2025-01-02,picc,primary,ct,Mr. Jones", header="date,procedure,role,modality"
    )

    result = transfer_import.import_file(path=path, trainee=resident, actor=resident)

    assert (result.report.saved, result.report.errors) == (1, [])
    assert CaseEntry.objects.get().notes == ""


@pytest.mark.django_db
def test_a_file_of_several_batches_saves_every_row_in_file_order_each_audited(tmp_path, resident):
    rows = transfer_import.BATCH_SIZE * 2 + 1
    first = dt.date(2010, 1, 1)
    path = csv_file(
        tmp_path,
        *(f"{first + dt.timedelta(days=day)},picc,primary,,ct,,,,,none," for day in range(rows)),
    )
    seen: list[tuple[str, int, int | None]] = []

    result = transfer_import.import_file(
        path=path,
        trainee=resident,
        actor=resident,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )

    assert result.report.saved == rows
    saved = list(CaseEntry.objects.order_by("id").values_list("id", "performed_on"))
    assert [day for _, day in saved] == [first + dt.timedelta(days=day) for day in range(rows)]
    audited = AuditEntry.objects.filter(record_type="caselog.CaseEntry", action="create")
    assert sorted(int(entry) for entry in audited.values_list("record_id", flat=True)) == [
        case_id for case_id, _ in saved
    ]
    assert [event for event in seen if event[0] == "saving"] == [
        ("saving", 2000, rows),
        ("saving", 4000, rows),
        ("saving", rows, rows),
    ]
