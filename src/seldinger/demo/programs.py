"""Synthetic programs for the demo directory, and profiles for the two demo programs.

Everything here is made up: names end in "(synthetic)", ACGME IDs start with
"DEMO-", the cities are fictional (named after IR equipment), phone numbers
are in the 555-01xx range reserved for fiction, and addresses end in
".invalid". The numbers are plausible in size but belong to no real program.
The programs themselves are rows of ``programs.yaml``.
``seldinger demo`` calls ``load_demo_directory``; it adds what is missing and
never overwrites a profile someone has edited.
"""

from typing import Any

from django.db import transaction

from seldinger.demo.rows import read_rows
from seldinger.programs.models import Program

Kind = Program.Kind

#: Years each kind pays a salary for (PGY-1 is in another program for advanced entrants,
#: but the salary table shows the whole path).
SALARY_YEARS = {
    Kind.INTEGRATED_IR: range(1, 7),
    Kind.INDEPENDENT_IR: range(6, 8),
    Kind.DR: range(1, 6),
    Kind.DR_ESIR: range(1, 6),
}


def _profile(row: dict[str, Any]) -> dict[str, Any]:
    """The model fields of one program's profile, from its row in ``programs.yaml``."""
    number = int(row["acgme_id"].removeprefix("DEMO-"))
    kind, base_salary = row["kind"], row["base_salary"]
    positions, mix = row["positions"], row["mix"]
    tag = f"demo-{number:04d}"
    salaries: dict[str, int | None] = {f"salary_pgy{year}": None for year in range(1, 8)}
    if base_salary is not None:
        for year in SALARY_YEARS[Kind(kind)]:
            salaries[f"salary_pgy{year}"] = base_salary + 2_500 * (year - 1)
    return {
        "kind": kind,
        "accreditation_status": row["status"],
        "positions_categorical": positions[0],
        "positions_advanced": positions[1],
        "positions_preliminary": positions[2],
        "positions_physician": positions[3],
        "annual_case_volume": row["volume"],
        "mix_vascular_pct": mix[0],
        "mix_oncologic_pct": mix[1],
        "mix_neuro_pct": mix[2],
        "mix_pediatric_pct": mix[3],
        "faculty_count": row["faculty"],
        "publications_per_year": row["publications"],
        "research_rotation": row["research"],
        "icu_rotation": row["icu"],
        "call_schedule": row["call"],
        **salaries,
        "benefits": (
            "Synthetic example: health, dental and vision insurance; four weeks' vacation; "
            "an education fund."
        ),
        "interview_format": row["interviews"],
        "contact_name": "Demo Program Coordinator (synthetic)",
        "contact_email": f"ir-program@{tag}.seldinger.invalid",
        "contact_phone": f"555-01{number:02d}",
        "website": f"https://{tag}.seldinger.invalid/",
    }


_PROGRAMS = read_rows("programs.yaml")

#: Profiles for the two programs ``seldinger demo`` has always created.
DEMO_PROFILES: dict[str, dict[str, Any]] = {
    row["acgme_id"]: _profile(row) for row in _PROGRAMS if "name" not in row
}

#: (ACGME ID, name, institution, city, state, profile) of the directory's other demo programs.
DEMO_DIRECTORY: tuple[tuple[str, str, str, str, str, dict[str, Any]], ...] = tuple(
    (row["acgme_id"], row["name"], row["institution"], row["city"], row["state"], _profile(row))
    for row in _PROGRAMS
    if "name" in row
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
