"""Protected health information checks (pure core).

Case logs must hold no PHI. Free text is checked for what looks like a
medical record number, a date, a phone number, an e-mail address, a social
security number or a patient's name, and rejected with a message saying
what to remove. The checks err on the side of refusing: a trainee can
always rephrase a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    advice: str

    def __str__(self) -> str:
        return f"looks like {self.kind} ({self.text!r}): {self.advice}"


_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "a medical record number",
        re.compile(r"\b(?:mrn|mr#|medical record|record no|acct|account|fin)\b[\s:#.]*\w*", re.I),
        "remove record and account numbers",
    ),
    (
        "a social security number",
        re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),
        "remove identification numbers",
    ),
    (
        "a phone number",
        re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"),
        "remove phone numbers",
    ),
    (
        "a date (such as a date of birth)",
        re.compile(
            r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
            rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
            r"|\b(?:dob|d\.o\.b|born)\b",
            re.I,
        ),
        "remove dates; the case date is recorded separately",
    ),
    (
        "an e-mail address",
        re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"),
        "remove e-mail addresses",
    ),
    (
        "a long identifier number",
        re.compile(r"\b\d{6,}\b"),
        "remove long numbers such as MRNs or accession numbers",
    ),
    (
        "a patient name",
        re.compile(
            r"\b(?:mr|mrs|ms|miss|mx)\.?\s+[A-Z][a-z]+"
            r"|\b(?:patient|pt|name)\s*(?:name)?\s*(?:is|:)\s*[A-Z][a-z]+"
            r"|\b[A-Z][a-z]+,\s+[A-Z][a-z]+\b",
        ),
        "remove names; describe the case without identifying the patient",
    ),
)


def find_phi(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like protected health information."""
    findings = []
    for kind, pattern, advice in PATTERNS:
        match = pattern.search(text or "")
        if match:
            findings.append(Finding(kind=kind, text=match.group(0).strip(), advice=advice))
    return findings


def phi_message(text: str) -> str | None:
    """One sentence naming what to remove, or None when the text is clean."""
    findings = find_phi(text)
    if not findings:
        return None
    return "This may identify a patient; " + "; ".join(str(finding) for finding in findings) + "."
