"""The director's export for the accreditation annual update: CSV and XLSX.

One row per scholarly activity of each resident of one program within one
academic year (July 1 to June 30), and a summary with counts per resident by
type. Which program and residents may be exported is the caller's check
(``selectors.programs_for_export``); this module only builds the files.

An activity belongs to the academic year when:

- a publication: its date falls in it; without a date, its year is the
  calendar year in which the academic year ends (2026 → 2025-26);
- a presentation: its date falls in it;
- a research or QI project: it ran during part of it (start on or before
  June 30, and no end or an end on or after July 1);
- conference attendance: its first day falls in it.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

from seldinger.accounts.models import User
from seldinger.scholarship.models import (
    ACTIVITY_MODELS,
    ConferenceAttendance,
    Presentation,
    Publication,
    QualityProject,
    ResearchProject,
)
from seldinger.tabular import Sheet, csv_bytes, xlsx_bytes

COLUMNS = ("Resident", "Type", "Title", "Venue", "Date/year", "Status", "Details")
SUMMARY_COLUMNS = ("Resident", *(model.LABEL for model in ACTIVITY_MODELS.values()), "Total")


@dataclass(frozen=True)
class AcademicYear:
    """The academic year starting on July 1 of ``start_year``."""

    start_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 6, 30)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @classmethod
    def containing(cls, day: dt.date) -> "AcademicYear":
        return cls(day.year if day.month >= 7 else day.year - 1)


class Span(Protocol):
    """An academic year, or any period a director's report asks for (the same rules apply,
    an undated publication counting in the period that ends in its year)."""

    @property
    def start(self) -> dt.date: ...
    @property
    def end(self) -> dt.date: ...
    @property
    def label(self) -> str: ...


def _in_year(kind: str, year: Span) -> Q:
    within = Q(date__gte=year.start, date__lte=year.end)
    if kind == Publication.KIND:
        return within | Q(date__isnull=True, year=year.end.year)
    if kind == Presentation.KIND:
        return within
    if kind in (ResearchProject.KIND, QualityProject.KIND):
        return Q(start_date__lte=year.end) & (
            Q(end_date__isnull=True) | Q(end_date__gte=year.start)
        )
    return Q(start_date__gte=year.start, start_date__lte=year.end)


def _name(user: User) -> str:
    return str(user.get_full_name() or user.get_username())


def describe(activity: Any) -> list[str]:
    """Title, venue, date/year, status and details of one activity (export and pages)."""
    if isinstance(activity, Publication):
        when = activity.date.isoformat() if activity.date else str(activity.year)
        ids = [
            f"DOI {activity.doi}" if activity.doi else "",
            f"PMID {activity.pmid}" if activity.pmid else "",
        ]
        details = "; ".join(part for part in [activity.authors, *ids] if part)
        return [activity.title, activity.journal, when, activity.get_status_display(), details]
    if isinstance(activity, Presentation):
        return [
            activity.title,
            activity.meeting_name,
            activity.date.isoformat(),
            "Presented",
            str(activity.get_kind_display()),
        ]
    if isinstance(activity, ResearchProject | QualityProject):
        end = activity.end_date.isoformat() if activity.end_date else "ongoing"
        when = f"{activity.start_date.isoformat()} to {end}"
        if isinstance(activity, ResearchProject):
            irb = "IRB approved" if activity.irb_approved else "IRB not approved"
            details = f"Role: {activity.role}; {irb}"
        else:
            details = f"Aim: {activity.aim}"
        return [activity.title, "", when, activity.get_status_display(), details]
    assert isinstance(activity, ConferenceAttendance)
    when = f"{activity.start_date.isoformat()} to {activity.end_date.isoformat()}"
    return [activity.title, activity.title, when, "Attended", ""]


def _row(resident: User, activity: Any) -> list[str]:
    return [_name(resident), type(activity).LABEL, *describe(activity)]


@dataclass(frozen=True)
class Report:
    year: Span
    rows: list[list[str]]
    summary: list[list[Any]]


def build_report(residents: Iterable[Any], year: Span) -> Report:
    """Rows and summary for ``residents`` (already allowed by the caller) in ``year``."""
    residents = list(residents)
    rows: list[list[str]] = []
    summary: list[list[Any]] = []
    for resident in residents:
        counts: list[int] = []
        for kind, model in ACTIVITY_MODELS.items():
            activities = list(model.objects.filter(_in_year(kind, year), trainee=resident))
            rows.extend(_row(resident, activity) for activity in activities)
            counts.append(len(activities))
        summary.append([_name(resident), *counts, sum(counts)])
    return Report(year, rows, summary)


def activities_csv(report: Report) -> bytes:
    return csv_bytes(COLUMNS, report.rows)


def summary_csv(report: Report) -> bytes:
    return csv_bytes(SUMMARY_COLUMNS, report.summary)


def to_xlsx(report: Report) -> bytes:
    """A workbook with the sheets "Scholarly activity" and "Summary"; text never a formula."""
    preamble = [[f"Academic year {report.year.label}"]]
    return xlsx_bytes(
        [
            Sheet("Scholarly activity", COLUMNS, report.rows, preamble),
            Sheet("Summary", SUMMARY_COLUMNS, report.summary, preamble),
        ]
    )
