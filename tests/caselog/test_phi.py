"""No PHI in case notes: refuse what identifies a patient, keep clinical shorthand."""

from __future__ import annotations

import pytest

from seldinger.caselog.phi import find_phi, phi_message

CLINICAL_NOTES = [
    "Right IJ access, 8 Fr sheath, 2 coils",
    "Hb 7.2 pre-procedure",
    "5 Fr C2 catheter",
    "LLQ abscess 4.5 x 3 cm",
    "Liver segment 7 lesion",
    "Right basilic vein, 4 Fr",
    "0.035 Bentson wire, 4/5 Fr sheath, BP 120/80",
    "Coils: Interlock, Concerto",
    "Celiac, Splenic and hepatic arteries selected",
    "TIPS gradient 22 to 8 mmHg, INR 1.4, Plt 45",
    "Heparin 5000 units, hemostasis with Angioseal",
    "Taking into account the tortuosity, a Cobra catheter was used",
    "MR venography normal; MS patient",
    "Patient tolerated the procedure well",
    "88 year old, prior TIPS in March",
    "10 ms pulse width, 90 W for 6 min",
    "No complications. Follow up in 4 weeks.",
    # Decided: clinicians are not the patient. Staff names are not patient
    # identifiers under HIPAA, and the supervisor has a field of its own.
    "Dr Smith supervised",
    "Dr. Patel scrubbed; Dr Smith supervised",
]


@pytest.mark.parametrize("note", CLINICAL_NOTES)
def test_ordinary_clinical_notes_pass(note: str) -> None:
    assert find_phi(note) == []
    assert phi_message(note) is None


@pytest.mark.parametrize("note", ["", "   "])
def test_empty_notes_pass(note: str) -> None:
    assert phi_message(note) is None


@pytest.mark.parametrize(
    ("note", "kind", "shown", "advice"),
    [
        ("MRN 12345678", "medical record number", "MRN 12345678", "remove record"),
        ("mrn: A123-99", "medical record number", "mrn: A123-99", "remove record"),
        ("FIN: 1234", "medical record number", "FIN: 1234", "account"),
        ("account # 12345", "medical record number", "account # 12345", "account"),
        ("Accession A123456", "medical record number", "Accession A123456", "accession"),
        ("DOB 01/02/1960", "date", "DOB 01/02/1960", "remove dates"),
        ("d.o.b. 1/2/60", "date", "d.o.b. 1/2/60", "remove dates"),
        ("Date of birth: 3/4/55", "date", "Date of birth: 3/4/55", "remove dates"),
        ("born March 3, 1950", "date", "born March 3, 1950", "remove dates"),
        ("seen 3 March 1950", "date", "3 March 1950", "remove dates"),
        ("seen 03-Mar-1950", "date", "03-Mar-1950", "remove dates"),
        ("seen 1960-02-01", "date", "1960-02-01", "remove dates"),
        ("prior TIPS March 2024", "date", "March 2024", "remove dates"),
        ("call 555-123-4567", "phone number", "555-123-4567", "remove phone numbers"),
        ("tel (555) 123-4567", "phone number", "(555) 123-4567", "remove phone numbers"),
        ("Mr. Johnson", "patient name", "Mr. Johnson", "remove names"),
        ("Mrs Brown tolerated well", "patient name", "Mrs Brown", "remove names"),
        ("ms. jones", "patient name", "ms. jones", "remove names"),
        ("Patient name: Alice", "patient name", "Patient name: Alice", "remove names"),
        ("Patient: O'Brien", "patient name", "Patient: O'Brien", "remove names"),
        ("pt is Bob", "patient name", "pt is Bob", "remove names"),
        ("Patient John Smith", "patient name", "Patient John Smith", "remove names"),
        ("Smith, John", "patient name", "Smith, John", "remove names"),
        ("Smith-Jones, Ann", "patient name", "Smith-Jones, Ann", "remove names"),
        ("john@example.com", "e-mail address", "john@example.com", "remove e-mail"),
        ("123-45-6789", "social security number", "123-45-6789", "identification numbers"),
        ("SSN 123456789", "social security number", "SSN 123456789", "identification numbers"),
        ("92-year-old", "age over 89", "92-year-old", "age band"),
        ("age 95, frail", "age over 89", "age 95", "age band"),
        ("accession 9876543", "long identifier number", "9876543", "remove long numbers"),
    ],
)
def test_what_identifies_a_patient_is_refused_saying_what_to_remove(
    note: str, kind: str, shown: str, advice: str
) -> None:
    message = phi_message(note)
    assert message is not None
    assert message.startswith("This may identify a patient; ")
    assert kind in message
    assert repr(shown) in message, message
    assert advice in message


def test_every_kind_found_is_named_once() -> None:
    findings = find_phi("pt name: Johnson, call 555-123-4567; Mr. Brown and Mrs. Green")
    kinds = [finding.kind for finding in findings]
    assert sorted(kinds) == ["a patient name", "a phone number"]
    message = phi_message("pt name: Johnson, call 555-123-4567")
    assert message is not None
    assert "'pt name: Johnson'" in message and "'555-123-4567'" in message


def test_a_finding_reads_as_advice() -> None:
    [finding] = find_phi("Mr. Johnson")
    assert str(finding) == (
        "looks like a patient name ('Mr. Johnson'): "
        "remove names; describe the case without identifying the patient"
    )


def test_a_name_after_a_clinical_pair_is_still_found() -> None:
    """The clinical-word exemption covers one pair, not the rest of the note."""
    [finding] = find_phi("Celiac, Splenic selected. Smith, John")
    assert finding.text == "Smith, John"


def test_a_name_pair_needs_both_words_clinical_to_pass() -> None:
    assert find_phi("Liver, Mary") != []


def test_three_part_numbers_are_refused_as_dates() -> None:
    """A documented over-refusal: "12/8/15" reads as a date; write "12, 8 and 15"."""
    assert [finding.kind for finding in find_phi("pressures 12/8/15")] == [
        "a date (such as a date of birth)"
    ]
    assert find_phi("pressures 12, 8 and 15") == []
