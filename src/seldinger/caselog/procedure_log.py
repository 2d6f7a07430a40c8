"""The procedure log: a trainee's cases as a PDF for hospital credentialing.

Totals by category and role, the verification status, and every case, with the
trainee's program and its director and a line for the director's signature.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.caselog.catalogue import Catalogue
from seldinger.caselog.models import CaseEntry, CaseRole
from seldinger.caselog.selectors import catalogue
from seldinger.reporting import pdf_text as _latin1


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _role_totals(
    cases: list[CaseEntry], procedures: Catalogue
) -> list[tuple[str, dict[str, int], int]]:
    counts: dict[str, Counter[str]] = {}
    for case in cases:
        category = procedures.categories.get(case.category_key)
        name = category.name if category else case.category_key
        counts.setdefault(name, Counter())[case.role] += 1
    return [
        (name, dict(counter), sum(counter.values())) for name, counter in sorted(counts.items())
    ]


def procedure_log(
    trainee: User,
    cases: list[CaseEntry],
    date_from: dt.date | None,
    date_to: dt.date | None,
    *,
    compress: bool,
) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class ProcedureLog(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.set_text_color(90)
            self.cell(0, 6, _latin1(f"{trainee_name} · procedure log"), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    program = access.program_of(trainee)
    directors = [_person(user) for user in access.directors_of(program)] if program else []
    procedures = catalogue()
    trainee_name = _person(trainee)
    first = cases[0].performed_on if cases else None
    last = cases[-1].performed_on if cases else None
    start, end = date_from or first, date_to or last
    period = f"{start or 'the first case'} to {end or 'today'}"

    pdf = ProcedureLog(format="letter")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(f"Procedure log: {trainee_name}"))
    pdf.set_author("Seldinger")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Interventional radiology procedure log", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    details = [
        ("Trainee", trainee_name),
        ("Program", f"{program.name} ({program.institution})" if program else "not on record"),
        ("Program director", ", ".join(directors) or "not on record"),
        ("Cases from", period),
        ("Generated", f"{timezone.localdate().isoformat()} by Seldinger"),
    ]
    for label, value in details:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(40, 6, label)
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    heading = FontFace(emphasis="BOLD", fill_color=(225, 230, 238))
    roles = [role for role, _ in CaseRole.choices]

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(
        0, 8, f"Totals by category and role ({len(cases)} cases)", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", size=9)
    with pdf.table(
        col_widths=(70, 22, 22, 22, 22),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=5,
    ) as table:
        table.row(["Category", *(role.capitalize() for role in roles), "Total"])
        for name, by_role, total in _role_totals(cases, procedures):
            table.row([_latin1(name), *(str(by_role.get(role, 0)) for role in roles), str(total)])
        overall = Counter(case.role for case in cases)
        table.row(
            ["All categories", *(str(overall.get(role, 0)) for role in roles), str(len(cases))]
        )
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Verification status", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    statuses = Counter(case.status for case in cases)
    with pdf.table(
        col_widths=(70, 22),
        text_align=("LEFT", "RIGHT"),
        headings_style=heading,
        line_height=5,
        width=92,
        align="LEFT",
    ) as table:
        table.row(["Status", "Cases"])
        for status, label in CaseEntry.Status.choices:
            table.row([label, str(statuses.get(status, 0))])
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Cases", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    if not cases:
        pdf.cell(0, 6, "No cases in this period.", new_x="LMARGIN", new_y="NEXT")
    else:
        with pdf.table(
            col_widths=(20, 72, 20, 22, 34, 32),
            text_align="LEFT",
            headings_style=heading,
            line_height=4.5,
            repeat_headings=1,
        ) as table:
            table.row(["Date", "Procedure", "Role", "Modality", "Supervisor", "Status"])
            for case in cases:
                procedure = procedures.get(case.procedure_key)
                table.row(
                    [
                        case.performed_on.isoformat(),
                        _latin1(procedure.name if procedure else case.procedure_key),
                        case.role.capitalize(),
                        case.get_modality_display(),
                        _latin1(_person(case.supervisor)),
                        case.get_status_display(),
                    ]
                )
    pdf.ln(8)
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(
        0,
        5,
        text=(
            "Cases are as logged by the trainee; 'Verified' cases were confirmed by the "
            "supervising faculty member named.\n\nProgram director's signature: "
            "______________________________    Date: ______________"
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
