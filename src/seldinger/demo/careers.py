"""Synthetic demo data for the jobs board and the community page (``seldinger demo``).

Every posting is marked synthetic (shown with a badge) and set in a
fictional place; event dates are marked as examples.
"""

import datetime as dt
from typing import Any

from seldinger.careers.models import CommunityEvent, JobPosting
from seldinger.demo.rows import read_rows

S = JobPosting.Setting
Sub = JobPosting.Subspecialty

# title, organisation, setting, subspecialty, city, state, call, salary range, description
DEMO_POSTINGS: tuple[tuple[str, str, str, str, str, str, str, int, int, str], ...] = (
    (
        "Interventional Radiologist (synthetic)",
        "Guidewire Falls IR Associates (synthetic)",
        S.PRIVATE_PRACTICE,
        Sub.GENERAL,
        "Guidewire Falls",
        "MN",
        "1 in 6 weeknights, 1 in 5 weekends",
        480000,
        580000,
        "Full-spectrum IR in a physician-owned group; partnership track.",
    ),
    (
        "Academic IR, Assistant Professor (synthetic)",
        "Sheath Harbor University (synthetic)",
        S.ACADEMIC,
        Sub.ONCOLOGY,
        "Sheath Harbor",
        "OR",
        "1 in 8 home call",
        400000,
        470000,
        "Interventional oncology focus: ablation, Y-90 and chemoembolization; teaching residents.",
    ),
    (
        "Neurointerventional Radiologist (synthetic)",
        "Catheter County Stroke Center (synthetic)",
        S.HOSPITAL_EMPLOYED,
        Sub.NEURO,
        "Catheter County",
        "TX",
        "1 in 4 stroke call",
        550000,
        680000,
        "Thrombectomy and aneurysm care at a comprehensive stroke center.",
    ),
    (
        "Outpatient Vascular IR (synthetic)",
        "Balloon Bay Vein and Vascular Lab (synthetic)",
        S.OUTPATIENT,
        Sub.VASCULAR,
        "Balloon Bay",
        "FL",
        "No call",
        450000,
        550000,
        "Office-based lab: peripheral arterial disease, venous and dialysis access work.",
    ),
    (
        "Pediatric Interventional Radiologist (synthetic)",
        "Stent Springs Children's Hospital (synthetic)",
        S.ACADEMIC,
        Sub.PEDIATRIC,
        "Stent Springs",
        "CO",
        "1 in 5",
        420000,
        500000,
        "Pediatric IR in a children's hospital; vascular anomalies and access.",
    ),
    (
        "Hospital IR Physician (synthetic)",
        "Coil Creek Regional Medical Center (synthetic)",
        S.HOSPITAL_EMPLOYED,
        Sub.GENERAL,
        "Coil Creek",
        "OH",
        "1 in 7",
        470000,
        560000,
        "Hospital-employed IR covering inpatient and outpatient procedures.",
    ),
    (
        "IR, Vascular and Oncology (synthetic)",
        "Guidewire Falls IR Associates (synthetic)",
        S.PRIVATE_PRACTICE,
        Sub.VASCULAR,
        "Guidewire Falls",
        "MN",
        "1 in 6",
        500000,
        620000,
        "Second position in the same group: vascular and oncology mix.",
    ),
    (
        "Academic Vascular IR (synthetic)",
        "Dilator Valley Medical School (synthetic)",
        S.ACADEMIC,
        Sub.VASCULAR,
        "Dilator Valley",
        "NC",
        "1 in 6",
        410000,
        480000,
        "Academic vascular IR with protected research time.",
    ),
)


def load_demo_postings(employer: Any) -> int:
    """The eight synthetic postings for ``employer``, added once; returns how many it created."""
    if JobPosting.objects.filter(employer=employer, is_synthetic=True).exists():
        return 0
    today = dt.date.today()
    for index, spec in enumerate(DEMO_POSTINGS):
        title, org, setting, sub, city, state, call, low, high, description = spec
        JobPosting.objects.create(
            employer=employer,
            title=title,
            organisation=org,
            setting=setting,
            subspecialty=sub,
            city=city,
            state=state,
            call=call,
            salary_min=low,
            salary_max=high,
            start_date=today.replace(day=1) + dt.timedelta(days=90 + 30 * index),
            description=description,
            contact="careers@demo.seldinger.invalid",
            is_synthetic=True,
        )
    return len(DEMO_POSTINGS)


def _next(month: int, day: int, today: dt.date) -> dt.date:
    candidate = dt.date(today.year, month, day)
    return candidate if candidate >= today else dt.date(today.year + 1, month, day)


def load_demo_events(today: dt.date | None = None) -> int:
    """Community events (``events.yaml``) with example dates in the coming year, added once
    by title."""
    today = today or dt.date.today()
    existing = set(CommunityEvent.objects.values_list("title", flat=True))
    created = 0
    for row in read_rows("events.yaml"):
        if row["title"] in existing:
            continue
        CommunityEvent.objects.create(dates_are_examples=True, **_event(row, today))
        created += 1
    return created


def _event(row: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The model fields of an event's row: its dates from ``every_year_on`` or ``in_days``."""
    fields = dict(row)
    if "every_year_on" in fields:
        month, day = (int(part) for part in fields.pop("every_year_on").split("-"))
        start = _next(month, day, today)
    else:
        start = today + dt.timedelta(days=fields.pop("in_days"))
    lasts = fields.pop("lasts_days", None)
    fields["start_date"] = start
    fields["end_date"] = None if lasts is None else start + dt.timedelta(days=lasts)
    return fields
