"""What the report tests share: the periods they ask for."""

#: The period the tests ask for, and the academic year after it.
YEAR = {"from": "2024-07-01", "to": "2025-06-30"}
NEXT_YEAR = {"from": "2025-07-01", "to": "2026-06-30"}
