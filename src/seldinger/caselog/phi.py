"""Protected health information checks (pure core).

Case logs must hold no PHI. Free text is checked for what looks like a
medical record or account number, a date (of birth or otherwise: every date
element but the year is an identifier), an age over 89, a phone number, an
e-mail address, a social security number or a patient's name, and rejected
with a message saying what to remove. The checks err on the side of
refusing: a trainee can always rephrase a note.

What passes on purpose:

- ordinary clinical shorthand: sizes and measurements ("4.5 x 3 cm",
  "8 Fr", "Hb 7.2", "0.035 wire"), anatomy ("Liver segment 7"), two-part
  ratios ("BP 120/80", "4/5 Fr");
- clinicians' names ("Dr Smith supervised"): staff are not the patient, and
  HIPAA's identifiers are those of the patient, relatives, employers and
  household. The supervisor has a field of its own; a note naming staff is
  allowed.
- "Word, Word" where *both* words are ordinary clinical words or device
  names ("Celiac, Splenic", "Interlock, Concerto"); one unknown word is
  enough to refuse ("Smith, John").

What is refused although it may be harmless: a three-part number such as
"12/8/15" (reads as a date; write "12, 8 and 15"), a six-digit or longer
number, a capitalised word after a title ("Ms Brown") or after "patient:".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    advice: str

    def __str__(self) -> str:
        return f"looks like {self.kind} ({self.text!r}): {self.advice}"


@dataclass(frozen=True)
class Check:
    kind: str
    pattern: re.Pattern[str]
    advice: str
    #: Called with each match; a match it returns False for is not PHI.
    applies: Callable[[re.Match[str]], bool] | None = None


_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"  # 01/02/1960, 1.2.60
    r"|\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b"  # 1960-02-01
    rf"|\b{_MONTHS}\.?\s+{_DAY},?\s+\d{{4}}\b"  # March 3, 1950
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}\b"  # 3 March 1950
    rf"|\b\d{{1,2}}-{_MONTHS}-(?:\d{{4}}|\d{{2}})\b"  # 03-Mar-1950
    rf"|\b{_MONTHS}\.?\s+\d{{4}}\b"  # March 2024 (month and year)
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OVER_89 = r"(?:9\d|1[0-1]\d)"
_NAME = r"(?:[A-Z]['\u2019])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"  # Smith, O'Brien, Smith-Jones

#: Capitalised words that are clinical, anatomical or device words, not
#: names. Eponymous devices (Bentson, Rosen, Simmons...) are deliberately
#: absent: they are also surnames.
CLINICAL_WORDS = _words(
    """
    right left bilateral proximal distal mid upper lower anterior posterior superior
    inferior medial lateral main common internal external central peripheral deep
    superficial selective nonselective
    liver hepatic renal kidney splenic spleen gastric celiac mesenteric iliac femoral
    popliteal tibial peroneal brachial radial ulnar axillary subclavian jugular basilic
    cephalic portal aorta aortic carotid vertebral pulmonary bronchial lung chest abdomen
    abdominal pelvis pelvic neck arm leg bile biliary gallbladder pancreas pancreatic
    uterine uterus prostate prostatic thyroid bone spine segment lobe artery vein duct
    sheath wire guidewire catheter coil coils glue plug plugs stent stents balloon drain
    tube needle filter port line biopsy ablation embolization angiogram angiography
    venogram access closure hemostasis contrast fluoroscopy ultrasound sedation
    anesthesia local general lidocaine fentanyl midazolam versed heparin gelfoam onyx
    lipiodol omnipaque visipaque particles microspheres beads interlock concerto ruby
    nester tornado amplatzer viabahn wallstent angioseal perclose mynx exoseal starclose
    glidewire glidecath cobra progreat renegade cantata headhunter pleurx
    procedure patient technical success successful complication complications none
    findings impression indication indications plan note notes history tolerated
    stable good pre post follow today yesterday tomorrow normal abnormal mild moderate
    severe acute chronic new status type size grade stage total initial final first
    second third primary secondary then also and with without after before during
    monday tuesday wednesday thursday friday saturday sunday
    """
)


def _not_all_clinical(match: re.Match[str]) -> bool:
    """A "Surname, Given" pair is a name unless both words are clinical words."""
    words = [word.lower() for word in match.groups() if word]
    return not all(word in CLINICAL_WORDS for word in words)


def _not_clinical(match: re.Match[str]) -> bool:
    """Words after a title or "patient:" are a name unless one is a clinical word.

    Titles are matched in title or lower case only: upper-case "MR" and "MS"
    are imaging and diagnoses (MR venography, multiple sclerosis). After
    "Mr", "Mrs", "Ms", "Miss", "Mx" or "mr." any word counts, even in lower
    case; after a bare lower-case "mr"/"ms" (ms is also milliseconds) only a
    capitalised one.
    """
    words = [word.lower() for word in match.groups() if word]
    return not any(word in CLINICAL_WORDS for word in words)


CHECKS: tuple[Check, ...] = (
    Check(
        "a medical record number",
        re.compile(
            r"\b(?:mrn|mr\s*#|(?:medical\s+)?record\s*(?:number|no\b\.?|#))[\s:#.]*[\w-]*"
            r"|\b(?:medical\s+record|acct|account|fin|csn|accession)"
            r"\s*(?:number|num\b|no\b\.?|#)?[\s:#.]*[A-Za-z]*\d[\w-]*",
            re.I,
        ),
        "remove record, account and accession numbers",
    ),
    Check(
        "a social security number",
        re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\bssn\b[\s:#]*[\d-]*", re.I),
        "remove identification numbers",
    ),
    Check(
        "a phone number",
        re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"),
        "remove phone numbers",
    ),
    Check(
        "a date (such as a date of birth)",
        re.compile(
            rf"\b(?:dob\b|d\.o\.b\b\.?|date\s+of\s+birth\b|born\b)[\s:]*(?:on\s+)?(?:{_DATE})?"
            rf"|{_DATE}",
            re.I,
        ),
        "remove dates; the case date is recorded separately",
    ),
    Check(
        "an age over 89",
        re.compile(
            rf"\b{_OVER_89}\s*-?\s*(?:y/?o\b|yrs?\b|years?[\s-]*old\b)"
            rf"|\bage[ds]?\s*:?\s*{_OVER_89}\b",
            re.I,
        ),
        "remove ages over 89; choose the older-adult age band instead",
    ),
    Check(
        "an e-mail address",
        re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"),
        "remove e-mail addresses",
    ),
    Check(
        "a long identifier number",
        re.compile(r"\b\d{6,}\b"),
        "remove long numbers such as MRNs or accession numbers",
    ),
    Check(
        "a patient name",
        re.compile(
            r"\b(?:Mrs|Mr|Ms|Miss|Mx)\b\.?\s*([A-Za-z][a-z]+)"
            r"|\b(?:mrs|mr|ms|mx)\.\s*([A-Za-z][a-z]+)"
            rf"|\b(?:mrs|mr|ms|mx)\s+({_NAME})"
        ),
        "remove names; describe the case without identifying the patient",
        _not_clinical,
    ),
    Check(
        "a patient name",
        re.compile(
            r"\b(?i:patient|pt)(?:'s)?\.?\s*(?i:name)?\s*(?:(?i:is)\s+|[:=#-]\s*)"
            rf"({_NAME})"
            rf"|\b(?i:name)\s*(?:(?i:is)\s+|[:=#-]\s*)({_NAME})"
            rf"|\b(?i:patient|pt)\.?\s+({_NAME})\s+({_NAME})\b"
        ),
        "remove names; describe the case without identifying the patient",
        _not_clinical,
    ),
    Check(
        "a patient name",
        re.compile(rf"\b({_NAME}),\s*({_NAME})\b"),
        "remove names; describe the case without identifying the patient",
        _not_all_clinical,
    ),
)


#: Every check's pattern in one, each with its own flags: a text in which this finds
#: nothing (most notes) has nothing to report, found in one pass instead of one per check.
#: Each check's match starts at a word boundary (a phone number's optional "+1 (" ends
#: at one), so positions elsewhere are skipped at once.
_ANY = re.compile(
    r"\b(?:"
    + "|".join(
        ("(?i:" if check.pattern.flags & re.IGNORECASE else "(?:") + check.pattern.pattern + ")"
        for check in CHECKS
    )
    + ")"
)


def find_phi(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like protected health information, one per kind."""
    if not text or _ANY.search(text) is None:
        return []
    findings: list[Finding] = []
    kinds: set[str] = set()
    for check in CHECKS:
        if check.kind in kinds:
            continue
        for match in check.pattern.finditer(text):
            if check.applies is None or check.applies(match):
                findings.append(
                    Finding(kind=check.kind, text=match.group(0).strip(), advice=check.advice)
                )
                kinds.add(check.kind)
                break
    return findings


def phi_message(text: str) -> str | None:
    """One sentence naming what to remove, or None when the text is clean."""
    findings = find_phi(text)
    if not findings:
        return None
    return "This may identify a patient; " + "; ".join(str(finding) for finding in findings) + "."
