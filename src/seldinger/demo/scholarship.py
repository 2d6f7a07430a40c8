"""Demo data for scholarly activity: the resident's activities, a mentor and a meeting note."""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.programs.models import Program
from seldinger.scholarship.models import Mentorship
from seldinger.scholarship.services import ScholarshipError, add_activity, add_note, assign_mentor


def load_demo_scholarship(users: dict[str, User]) -> None:
    """Scholarly activity for the demo resident (one of each kind), the faculty member as
    their mentor, and one meeting note; added once (while the resident has no mentor).
    """
    resident, faculty, director = users["resident"], users["faculty"], users["director"]
    if Mentorship.objects.filter(resident=resident).exists():
        return
    program = Program.objects.get(acgme_id="DEMO-0001")
    today = timezone.localdate()
    last_year = today.year - 1
    try:
        mentorship = assign_mentor(
            director=director, program=program, resident=resident, mentor=faculty, on=today
        )
    except ScholarshipError:  # e.g. the demo resident's appointment has ended
        return
    add_note(
        author=faculty,
        mentorship=mentorship,
        date=today,
        notes="Discussed the embolization abstract and a timeline for the manuscript (synthetic).",
    )
    for kind, values in (
        (
            "publications",
            {
                "title": "Outcomes of synthetic port placements (synthetic)",
                "journal": "Demo Journal of Interventional Radiology",
                "year": today.year,
                "authors": "Resident D, Faculty D",
                "status": "submitted",
            },
        ),
        (
            "presentations",
            {
                "title": "Embolization techniques in a synthetic cohort (synthetic)",
                "meeting": "sir",
                "date": dt.date(last_year, 3, 15),
                "kind": "e-poster",
            },
        ),
        (
            "research",
            {
                "title": "Radiation dose in hepatic interventions (synthetic)",
                "role": "Co-investigator",
                "start_date": dt.date(last_year, 9, 1),
                "status": "active",
                "irb_approved": True,
            },
        ),
        (
            "qi",
            {
                "title": "Time-out checklist compliance (synthetic)",
                "aim": "Raise time-out checklist compliance in the IR suite to 100%.",
                "start_date": dt.date(last_year, 10, 1),
                "status": "active",
            },
        ),
        (
            "conferences",
            {
                "title": "RSNA Annual Meeting",
                "start_date": dt.date(last_year, 12, 1),
                "end_date": dt.date(last_year, 12, 4),
            },
        ),
    ):
        add_activity(owner=resident, kind=kind, values=values)
