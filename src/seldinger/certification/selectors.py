"""Reads: a person's own certification records and their certification status.

Nobody sees another person's records: every getter takes the requesting
user and answers Http404 for anything that is not theirs.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from seldinger.accounts.models import User
from seldinger.certification import tracker
from seldinger.certification.models import CmeActivity, DiplomateProfile, OlaRecord, PqiActivity
from seldinger.certification.tracker import CertificationStatus
from seldinger.credentials.selectors import notices
from seldinger.lookups import one_or_404, owned_by
from seldinger.pathways.training import interruptions
from seldinger.pathways.training import record_of as training_record_of
from seldinger.rules import default_parameters
from seldinger.tabular import csv_text


def profile_of(user: User) -> DiplomateProfile | None:
    if user is None or not user.is_authenticated:
        return None
    return DiplomateProfile.objects.filter(user=user).first()


def cme_of(user: User) -> QuerySet[CmeActivity]:
    return owned_by(CmeActivity, user)


def ola_of(user: User) -> QuerySet[OlaRecord]:
    return owned_by(OlaRecord, user)


def pqi_of(user: User) -> QuerySet[PqiActivity]:
    return owned_by(PqiActivity, user)


def get_cme(user: User, activity_id: int) -> CmeActivity:
    """The user's own CME activity, or Http404 (the same answer whether it exists or not)."""
    return one_or_404(cme_of(user), "No such CME activity.", pk=activity_id)


def get_ola(user: User, record_id: int) -> OlaRecord:
    return one_or_404(ola_of(user), "No such OLA record.", pk=record_id)


def get_pqi(user: User, activity_id: int) -> PqiActivity:
    return one_or_404(pqi_of(user), "No such PQI activity.", pk=activity_id)


def tracker_input(user: User, *, profile: DiplomateProfile | None = None) -> tracker.TrackerInput:
    """The user's records as the tracker's input (``profile``: the user's, when the caller
    has read it already)."""
    if profile is None:
        profile = profile_of(user)
    found = training_record_of(user)
    trainee = None
    if found is not None:
        trainee = tracker.Training(
            pathway=found.pathway,
            stage=found.stage,
            stage_start=found.stage_start,
            core_exam_passed_on=profile.core_exam_passed_on if profile else None,
            interruptions=interruptions(found),
        )
    # Plain values: a diplomate's CME is dozens of activities a cycle.
    cme = cme_of(user).values_list("date", "credits", "credit_type", "title", "self_assessment")
    return tracker.TrackerInput(
        certificate=profile.certificate if profile else "",
        initial_certification=profile.initial_certification if profile else None,
        opted_in=profile.opted_in if profile else False,
        training=trainee,
        ola=tuple(
            tracker.OlaYear(*row)
            for row in ola_of(user).values_list("year", "answered", "declined", "correct")
        ),
        cme=tuple(
            tracker.CmeCredit(day, Decimal(credits), kind, title, self_assessment)
            for day, credits, kind, title, self_assessment in cme
        ),
        pqi=tuple(
            tracker.PqiCompletion(*row)
            for row in pqi_of(user).values_list("completed_on", "kind", "title")
        ),
    )


def certification_status(
    user: User, as_of: dt.date, *, profile: DiplomateProfile | None = None
) -> CertificationStatus:
    """Where ``user`` stands on ``as_of``: certificate type and one part per requirement
    (``profile``: the user's, when the caller has read it already).

    ``.parts`` holds ``Part(key, name, status, required, done, due, note)`` with keys
    ``ola``, ``cme``, ``pqi`` (always) and, for trainees, ``core-exam`` and
    ``certifying-oral`` first. ``status`` is one of ``tracker.STATUSES``; ``due`` is
    a date or None. Only ever called with the requesting user (or by the CLI).
    """
    return tracker.track(
        tracker_input(user, profile=profile), as_of=as_of, rules=default_parameters()
    )


def cme_in_window(user: User, start: dt.date, end: dt.date) -> QuerySet[CmeActivity]:
    """The user's CME activities dated within [start, end], oldest first."""
    return cme_of(user).filter(date__gte=start, date__lte=end).order_by("date", "id")


def cme_window_for(year: int) -> tuple[dt.date, dt.date]:
    """The CME window ending with ``year`` (see tracker.cme_window)."""
    parameter = default_parameters()["continuing-certification/cme"]
    on = dt.date(year, 12, 31)
    years = int(parameter.value_at(on)["window_years"]) if parameter.in_force(on) else 3
    return tracker.cme_window(dt.date(year, 1, 1), years)


def expiring_licences(user: User, on: dt.date) -> list[Any]:
    """Licence notices for the dashboard."""
    return list(notices(user, on=on))


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()


# --- exports for the ABR attestation ---------------------------------------------

EXPORT_HEADER = ("date", "title", "provider", "credit_type", "credits")


def cme_export_rows(user: User, year: int) -> tuple[dt.date, dt.date, list[CmeActivity], Decimal]:
    """The CME window ending with ``year``, its activities and its Category 1 total."""
    start, end = cme_window_for(year)
    activities = list(cme_in_window(user, start, end))
    total = tracker.tidy(
        sum(
            (
                activity.credits
                for activity in activities
                if activity.credit_type == CmeActivity.CreditType.CATEGORY_1
            ),
            Decimal(0),
        )
    )
    return start, end, activities, total


def cme_csv(user: User, year: int) -> str:
    start, end, activities, total = cme_export_rows(user, year)
    rows: list[list[str]] = [
        [
            activity.date.isoformat(),
            activity.title,
            activity.provider,
            activity.credit_type,
            f"{activity.credits}",
        ]
        for activity in activities
    ]
    rows.append([])
    rows.append(
        ["total", f"{start.isoformat()} to {end.isoformat()}", "", tracker.CATEGORY_1, f"{total}"]
    )
    return csv_text(EXPORT_HEADER, rows)


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def cme_pdf(user: User, year: int, *, generated: dt.date) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    start, end, activities, total = cme_export_rows(user, year)
    name = user.get_full_name() or user.get_username()
    pdf = FPDF(format="letter")
    pdf.set_title(_latin1(f"CME activities: {name}"))
    pdf.set_author("Seldinger")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(
        0, 10, "CME activities for ABR continuing certification", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", size=10)
    for label, value in (
        ("Diplomate", name),
        ("Window", f"{start.isoformat()} to {end.isoformat()}"),
        ("Generated", f"{generated.isoformat()} by Seldinger"),
    ):
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(30, 6, label)
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=9)
    heading = FontFace(emphasis="BOLD", fill_color=(225, 230, 238))
    with pdf.table(
        col_widths=(22, 70, 46, 36, 16),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
        headings_style=heading,
        line_height=5,
        repeat_headings=1,
    ) as table:
        table.row(["Date", "Activity", "Provider", "Credit type", "Credits"])
        for activity in activities:
            table.row(
                [
                    activity.date.isoformat(),
                    _latin1(activity.title),
                    _latin1(activity.provider),
                    activity.get_credit_type_display(),
                    f"{activity.credits}",
                ]
            )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(
        0,
        8,
        f"Total {tracker.CATEGORY_1} credits in the window: {total}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
