"""Synthetic programs for the demo directory, and profiles for the two demo programs.

Everything here is made up: names end in "(synthetic)", ACGME IDs start with
"DEMO-", the cities are fictional (named after IR equipment), phone numbers
are in the 555-01xx range reserved for fiction, and addresses end in
".invalid". The numbers are plausible in size but belong to no real program.
``seldinger demo`` calls ``load_demo_directory``; it adds what is missing and
never overwrites a profile someone has edited.
"""

from typing import Any

from django.db import transaction

from seldinger.programs.models import Program

Kind = Program.Kind
Status = Program.Accreditation

#: Years each kind pays a salary for (PGY-1 is in another program for advanced entrants,
#: but the salary table shows the whole path).
SALARY_YEARS = {
    Kind.INTEGRATED_IR: range(1, 7),
    Kind.INDEPENDENT_IR: range(6, 8),
    Kind.DR: range(1, 6),
    Kind.DR_ESIR: range(1, 6),
}


def _profile(
    number: int,
    kind: str,
    *,
    status: str,
    positions: tuple[int, int, int, int],
    volume: int | None,
    mix: tuple[int | None, int | None, int | None, int | None],
    faculty: int | None,
    publications: int | None,
    research: bool | None,
    icu: bool | None,
    call: str,
    base_salary: int | None,
    interviews: str,
) -> dict[str, Any]:
    tag = f"demo-{number:04d}"
    salaries: dict[str, int | None] = {f"salary_pgy{year}": None for year in range(1, 8)}
    if base_salary is not None:
        for year in SALARY_YEARS[Kind(kind)]:
            salaries[f"salary_pgy{year}"] = base_salary + 2_500 * (year - 1)
    return {
        "kind": kind,
        "accreditation_status": status,
        "positions_categorical": positions[0],
        "positions_advanced": positions[1],
        "positions_preliminary": positions[2],
        "positions_physician": positions[3],
        "annual_case_volume": volume,
        "mix_vascular_pct": mix[0],
        "mix_oncologic_pct": mix[1],
        "mix_neuro_pct": mix[2],
        "mix_pediatric_pct": mix[3],
        "faculty_count": faculty,
        "publications_per_year": publications,
        "research_rotation": research,
        "icu_rotation": icu,
        "call_schedule": call,
        **salaries,
        "benefits": (
            "Synthetic example: health, dental and vision insurance; four weeks' vacation; "
            "an education fund."
        ),
        "interview_format": interviews,
        "contact_name": "Demo Program Coordinator (synthetic)",
        "contact_email": f"ir-program@{tag}.seldinger.invalid",
        "contact_phone": f"555-01{number:02d}",
        "website": f"https://{tag}.seldinger.invalid/",
    }


#: Profiles for the two programs ``seldinger demo`` has always created.
DEMO_PROFILES: dict[str, dict[str, Any]] = {
    "DEMO-0001": _profile(
        1,
        Kind.INTEGRATED_IR,
        status=Status.CONTINUED,
        positions=(1, 2, 0, 0),
        volume=4_800,
        mix=(45, 30, 10, 5),
        faculty=12,
        publications=30,
        research=True,
        icu=True,
        call="Home call about one week in six from PGY-4 (synthetic)",
        base_salary=64_000,
        interviews=Program.InterviewFormat.VIRTUAL,
    ),
    "DEMO-0002": _profile(
        2,
        Kind.INDEPENDENT_IR,
        status=Status.CONTINUED,
        positions=(0, 0, 0, 2),
        volume=3_600,
        mix=(50, 30, 5, 5),
        faculty=9,
        publications=18,
        research=True,
        icu=True,
        call="IR call one week in five (synthetic)",
        base_salary=62_000,
        interviews=Program.InterviewFormat.HYBRID,
    ),
}

#: (ACGME ID, name, institution, city, state, profile) of the directory's other demo programs.
DEMO_DIRECTORY: tuple[tuple[str, str, str, str, str, dict[str, Any]], ...] = (
    (
        "DEMO-0003",
        "Demo Catheter Creek Integrated IR Residency (synthetic)",
        "Catheter Creek University Hospital (synthetic)",
        "Catheter Creek",
        "WI",
        _profile(
            3,
            Kind.INTEGRATED_IR,
            status=Status.CONTINUED,
            positions=(1, 2, 0, 0),
            volume=5_200,
            mix=(45, 30, 10, 5),
            faculty=14,
            publications=38,
            research=True,
            icu=True,
            call="Home call one week in six (synthetic)",
            base_salary=63_000,
            interviews=Program.InterviewFormat.HYBRID,
        ),
    ),
    (
        "DEMO-0004",
        "Demo Stent Springs Integrated IR Residency (synthetic)",
        "Stent Springs Regional Medical Center (synthetic)",
        "Stent Springs",
        "AZ",
        _profile(
            4,
            Kind.INTEGRATED_IR,
            status=Status.INITIAL,
            positions=(0, 1, 0, 0),
            volume=2_400,
            mix=(55, 25, 3, 0),
            faculty=6,
            publications=9,
            research=False,
            icu=True,
            call="Home call one week in four (synthetic)",
            base_salary=61_000,
            interviews=Program.InterviewFormat.VIRTUAL,
        ),
    ),
    (
        "DEMO-0005",
        "Demo Coil Bay Integrated IR Residency (synthetic)",
        "Coil Bay Academic Health System (synthetic)",
        "Coil Bay",
        "FL",
        _profile(
            5,
            Kind.INTEGRATED_IR,
            status=Status.CONTINUED,
            positions=(0, 3, 0, 1),
            volume=7_800,
            mix=(40, 35, 12, 8),
            faculty=21,
            publications=64,
            research=True,
            icu=True,
            call="Night float two weeks a year, home call otherwise (synthetic)",
            base_salary=66_000,
            interviews=Program.InterviewFormat.IN_PERSON,
        ),
    ),
    (
        "DEMO-0006",
        "Demo Balloon Ridge Integrated IR Residency (synthetic)",
        "Balloon Ridge Hospital (synthetic)",
        "Balloon Ridge",
        "CO",
        _profile(
            6,
            Kind.INTEGRATED_IR,
            status=Status.CONTINUED_WARNING,
            positions=(0, 2, 0, 0),
            volume=3_100,
            mix=(50, 30, None, 10),
            faculty=9,
            publications=None,
            research=None,
            icu=True,
            call="",
            base_salary=62_500,
            interviews=Program.InterviewFormat.VIRTUAL,
        ),
    ),
    (
        "DEMO-0007",
        "Demo Fluoro Flats Independent IR Residency (synthetic)",
        "Fluoro Flats Medical Center (synthetic)",
        "Fluoro Flats",
        "TX",
        _profile(
            7,
            Kind.INDEPENDENT_IR,
            status=Status.CONTINUED,
            positions=(0, 0, 0, 2),
            volume=6_100,
            mix=(42, 33, 15, 5),
            faculty=16,
            publications=41,
            research=True,
            icu=True,
            call="IR call one week in five (synthetic)",
            base_salary=60_000,
            interviews=Program.InterviewFormat.HYBRID,
        ),
    ),
    (
        "DEMO-0008",
        "Demo Embolus Point Independent IR Residency (synthetic)",
        "Embolus Point Community Hospital (synthetic)",
        "Embolus Point",
        "ME",
        _profile(
            8,
            Kind.INDEPENDENT_IR,
            status=Status.INITIAL,
            positions=(0, 0, 0, 1),
            volume=1_900,
            mix=(60, 25, 0, 0),
            faculty=5,
            publications=4,
            research=False,
            icu=False,
            call="Home call one week in three (synthetic)",
            base_salary=59_000,
            interviews=Program.InterviewFormat.VIRTUAL,
        ),
    ),
    (
        "DEMO-0009",
        "Demo Needle Lake Independent IR Residency (synthetic)",
        "Needle Lake University Hospitals (synthetic)",
        "Needle Lake",
        "MI",
        _profile(
            9,
            Kind.INDEPENDENT_IR,
            status=Status.CONTINUED,
            positions=(0, 0, 0, 3),
            volume=8_800,
            mix=(38, 30, 18, 9),
            faculty=24,
            publications=77,
            research=True,
            icu=True,
            call="Night float with a home-call backup (synthetic)",
            base_salary=63_500,
            interviews=Program.InterviewFormat.IN_PERSON,
        ),
    ),
    (
        "DEMO-0010",
        "Demo Trocar Valley Diagnostic Radiology Residency (synthetic)",
        "Trocar Valley Medical College (synthetic)",
        "Trocar Valley",
        "NC",
        _profile(
            10,
            Kind.DR,
            status=Status.CONTINUED,
            positions=(4, 6, 0, 0),
            volume=2_800,
            mix=(50, 30, 10, 5),
            faculty=7,
            publications=20,
            research=True,
            icu=False,
            call="Night float in blocks from R2 (synthetic)",
            base_salary=62_000,
            interviews=Program.InterviewFormat.VIRTUAL,
        ),
    ),
    (
        "DEMO-0011",
        "Demo Contrast Crossing Radiology Residency with ESIR (synthetic)",
        "Contrast Crossing Health (synthetic)",
        "Contrast Crossing",
        "OH",
        _profile(
            11,
            Kind.DR_ESIR,
            status=Status.CONTINUED,
            positions=(2, 8, 0, 0),
            volume=4_500,
            mix=(44, 32, 12, 6),
            faculty=11,
            publications=33,
            research=True,
            icu=True,
            call="Night float in blocks; ESIR residents take IR call in R4 (synthetic)",
            base_salary=61_500,
            interviews=Program.InterviewFormat.HYBRID,
        ),
    ),
    (
        "DEMO-0012",
        "Demo Microwire Mesa Radiology Residency with ESIR (synthetic)",
        "Microwire Mesa General Hospital (synthetic)",
        "Microwire Mesa",
        "NM",
        _profile(
            12,
            Kind.DR_ESIR,
            status=Status.CONTINUED_WARNING,
            positions=(0, 5, 0, 0),
            volume=None,
            mix=(None, None, None, None),
            faculty=None,
            publications=None,
            research=None,
            icu=True,
            call="",
            base_salary=None,
            interviews=Program.InterviewFormat.VIRTUAL,
        ),
    ),
    (
        "DEMO-0013",
        "Demo Radial Bend Diagnostic Radiology Residency (synthetic)",
        "Radial Bend Medical Center (synthetic)",
        "Radial Bend",
        "GA",
        _profile(
            13,
            Kind.DR,
            status=Status.INITIAL,
            positions=(0, 4, 0, 0),
            volume=1_600,
            mix=(65, 20, 0, 0),
            faculty=4,
            publications=3,
            research=False,
            icu=False,
            call="Home call with attending backup (synthetic)",
            base_salary=60_500,
            interviews=Program.InterviewFormat.VIRTUAL,
        ),
    ),
    (
        "DEMO-0014",
        "Demo Femoral Junction Radiology Residency with ESIR (synthetic)",
        "Femoral Junction University Medical Center (synthetic)",
        "Femoral Junction",
        "PA",
        _profile(
            14,
            Kind.DR_ESIR,
            status=Status.CONTINUED,
            positions=(3, 9, 0, 0),
            volume=9_400,
            mix=(36, 34, 16, 10),
            faculty=27,
            publications=85,
            research=True,
            icu=True,
            call="Night float; IR call for ESIR residents (synthetic)",
            base_salary=65_000,
            interviews=Program.InterviewFormat.IN_PERSON,
        ),
    ),
)


@transaction.atomic
def load_demo_directory() -> int:
    """Add the missing demo programs and fill the demo profiles nobody has filled or edited.

    Returns how many programs it created. A profile is filled only while it has
    no accreditation status and has never been saved through the profile
    services, so a director's changes survive another run.
    """
    for acgme_id, profile in DEMO_PROFILES.items():
        Program.objects.filter(
            acgme_id=acgme_id,
            is_synthetic=True,
            accreditation_status="",
            profile_updated_at__isnull=True,
        ).update(**{key: value for key, value in profile.items() if key != "kind"})
    created = 0
    for acgme_id, name, institution, city, state, profile in DEMO_DIRECTORY:
        _, was_created = Program.objects.get_or_create(
            acgme_id=acgme_id,
            defaults={
                "name": name,
                "institution": institution,
                "city": city,
                "state": state,
                "is_synthetic": True,
                **profile,
            },
        )
        created += was_created
    return created
