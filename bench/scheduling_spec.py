"""The seeded program bench/scheduling.py solves: 30 residents over one year.

    .venv/bin/python bench/scheduling_spec.py > bench/scheduling-program.json

13 four-week blocks, 8 rotations, nightly in-house call for 2 residents (PGY-3 to
PGY-6), weekend and holiday day call for 1 (PGY-2 and PGY-3), 60 one-week vacation
requests (a third of them priority 1), ESIR residents in R4 with rotations already done.
"""

from __future__ import annotations

import datetime as dt
import json
import random

SEED = 2027
START = dt.date(2027, 7, 5)  # a Monday
HOLIDAYS = [
    "2027-09-06",
    "2027-11-25",
    "2027-11-26",
    "2027-12-24",
    "2027-12-31",
    "2028-01-17",
    "2028-05-29",
]


def spec(seed: int = SEED) -> dict[str, object]:
    chance = random.Random(seed)
    need = {
        "IR": ("ir", "07:00", 10, [1, 2]),
        "ICU": ("icu", "07:00", 10, [0, 1]),
        "IR clinic": ("ir-related", "08:00", 9, [0, 1]),
        "Body": ("dr", "08:00", 9, [1, 2]),
        "Neuro": ("dr", "08:00", 9, [1, 2]),
        "MSK": ("dr", "08:00", 9, [0, 2]),
        "Nuclear": ("dr", "08:00", 8, [0, 2]),
        "Research": ("research", "08:00", 8, [0, 1]),
    }
    rotations = []
    for name, (kind, start, hours, pair) in need.items():
        by_pgy = {str(pgy): list(pair) for pgy in range(2, 7)}
        if name == "IR":
            by_pgy["6"] = [2, 4]
        rotations.append(
            {"name": name, "kind": kind, "day_start": start, "day_hours": hours, "need": by_pgy}
        )
    residents = []
    weeks = list(range(1, 52))
    for n in range(30):
        pgy = 2 + n // 6
        esir = pgy == 5 and n % 6 < 2
        chosen = sorted(chance.sample(weeks, 2))
        while chosen[1] - chosen[0] < 2:
            chosen = sorted(chance.sample(weeks, 2))
        requests = []
        for week in chosen:
            first = START + dt.timedelta(weeks=week)
            requests.append(
                {
                    "kind": "vacation",
                    "from": first.isoformat(),
                    "to": (first + dt.timedelta(days=6)).isoformat(),
                    "priority": chance.choice([1, 2, 2, 3]),
                }
            )
        resident: dict[str, object] = {
            "id": f"r{n + 1:02d}",
            "pgy": pgy,
            "pathway": "integrated-ir" if pgy == 6 else "diagnostic",
            "esir": esir,
            "requests": requests,
        }
        if esir:
            resident["done"] = {"ir": 6, "icu": 1, "ir-related": 2}
        residents.append(resident)
    return {
        "start": START.isoformat(),
        "blocks": 13,
        "block_weeks": 4,
        "residents": residents,
        "rotations": rotations,
        "call": {
            "kinds": [
                {"name": "night", "start": "17:00", "hours": 14, "in_house": True, "days": "all"},
                {
                    "name": "weekend-day",
                    "start": "07:00",
                    "hours": 10,
                    "in_house": True,
                    "days": "weekend",
                },
            ],
            "coverage": {
                "night": {"count": 2, "pgy": [3, 4, 5, 6]},
                "weekend-day": {"count": 1, "pgy": [2, 3]},
            },
        },
        "rules": {"holidays": HOLIDAYS, "pathways": {"integrated-ir": {"6": {"ir": 4}}}},
    }


if __name__ == "__main__":
    print(json.dumps(spec(), indent=1))
