"""A person's to-do list: the facts each app's selectors give, by role, through the pure core.

Only the person's own records are read (and, for a director or coordinator, those of the
residents they lead, as ``accounts.selectors`` decides): nobody's list holds another
person's items. Each fact links to the page where it is acted on.
"""

import datetime as dt
from collections.abc import Callable, Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from seldinger.accounts import selectors as access
from seldinger.accounts.models import Role, User
from seldinger.applications import selectors as applications
from seldinger.careers import selectors as careers
from seldinger.caselog import selectors as caselog
from seldinger.caselog import selectors_progress as progress
from seldinger.certification import parts as certification_parts
from seldinger.certification import selectors as certification
from seldinger.credentials import reminders as credential_reminders
from seldinger.credentials import selectors as credentials
from seldinger.home.todo import Fact, TodoItem, todo_list
from seldinger.milestones import milestones as milestone_core
from seldinger.milestones import selectors as milestones
from seldinger.pathways import selectors as pathways
from seldinger.scholarship import selectors as scholarship
from seldinger.workhours import selectors as workhours

#: Months of case counts in the progress item's sparkline.
SPARKLINE_MONTHS = 12
#: How many names a detail lists before "and N more".
NAMES_SHOWN = 3


def _url(name: str, *args: object, **query: str) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def unverified_cutoff(today: dt.date) -> dt.date:
    """Cases performed on this day or before and still unverified are late."""
    return today - dt.timedelta(days=settings.HOME_UNVERIFIED_DAYS)


# Residents and fellows ---------------------------------------------------------------------


def _own_cases(user: User, today: dt.date) -> Iterator[Fact]:
    cutoff = unverified_cutoff(today)
    status = caselog.own_case_status(user, older_than=cutoff)
    yield Fact(
        "cases-returned",
        _url("caselog:my_cases", status="returned"),
        count=status.returned,
        pressing=True,
        detail="Faculty returned them with a comment: correct each and it goes back for "
        "verification.",
    )
    if status.oldest_stale is not None:
        yield Fact(
            "cases-unverified",
            _url("caselog:my_cases", status="pending", date_to=cutoff.isoformat()),
            count=status.stale,
            detail=f"Performed more than {settings.HOME_UNVERIFIED_DAYS} days ago, the "
            f"oldest on {_day(status.oldest_stale)}: remind your supervisor.",
        )


def _own_hours(user: User, today: dt.date) -> Iterator[Fact]:
    unjustified = [view for view in workhours.violations_of(user) if not view.justified]
    yield Fact(
        "violations-unjustified",
        reverse("workhours:my_violations"),
        count=len(unjustified),
        pressing=True,
        detail=_names(sorted({view.info.title for view in unjustified})),
    )
    monday = workhours.week_start(today)
    hours = workhours.week_hours(user, monday)
    yield Fact(
        "hours-this-week",
        reverse("workhours:week"),
        informational=True,
        figure=f"{hours:g} h",
        detail=f"Since Monday {_day(monday)}; at most 80 a week averaged over four weeks.",
    )


def _self_assessment(user: User, today: dt.date) -> Iterator[Fact]:
    period = milestone_core.period_of(today)
    if not milestones.self_assessment_submitted(user, period):
        yield Fact(
            "self-assessment",
            reverse("milestones:self_assessment"),
            due=period.end,
            soon_days=30,
            detail=f"For the {period.short_label} evaluation period.",
        )


def _progress(user: User, today: dt.date) -> Iterator[Fact]:
    found = progress.trainee_progress(user, as_of=today).progress
    if not found.requirements:
        return
    # ESIR first when the trainee is on it, as the dashboard shows it.
    headline = found.requirements[0]
    behind = [item for item in found.requirements if item.behind]
    series = caselog.monthly_totals(user, months=SPARKLINE_MONTHS, as_of=today)
    if behind:
        shortfalls = [f"{item.name} ({item.done}/{item.required})" for item in behind]
        detail = "Behind: " + _names(shortfalls)
    else:
        detail = f"{found.total_cases} cases logged; on track for graduation."
    yield Fact(
        "progress",
        reverse("caselog:progress"),
        title=f"{headline.name}: {headline.done} of {headline.required}",
        # A figure to watch: the shortfall is in its detail, the work is logging cases.
        informational=True,
        figure=f"{headline.percent}%",
        series=series,
        detail=detail,
    )


def _next_exam(user: User, today: dt.date) -> Iterator[Fact]:
    status = certification.certification_status(user, today)
    exams = sorted(
        (
            part
            for part in status.parts
            if part.exam_date and (part.exam_until or part.exam_date) >= today
        ),
        key=lambda part: part.exam_date or dt.date.max,
    )
    if exams:
        exam = exams[0]
        assert exam.exam_date is not None
        yield Fact(
            "exam",
            reverse("certification:dashboard"),
            title=f"Next exam: {exam.name}",
            due=exam.exam_date,
            soon_days=90,
            detail=exam.note,
        )


def _licences(user: User, today: dt.date) -> Iterator[Fact]:
    for notice in credentials.notices(user, on=today):
        yield Fact(
            "licence",
            reverse("credentials:edit", args=[notice.credential.pk]),
            title=notice.message,
            due=notice.expires_on,
            pressing=notice.status == credential_reminders.EXPIRED,
            soon_days=max(credential_reminders.REMINDER_DAYS),
            detail="Renew it, then enter the new expiry date.",
        )


def resident_facts(user: User, today: dt.date) -> Iterator[Fact]:
    yield from _own_cases(user, today)
    yield from _own_hours(user, today)
    yield from _self_assessment(user, today)
    yield from _progress(user, today)
    yield from _next_exam(user, today)
    yield from _licences(user, today)


# Faculty -----------------------------------------------------------------------------------


def faculty_facts(user: User, today: dt.date) -> Iterator[Fact]:
    count, oldest = caselog.queue_summary(user)
    if oldest is not None:
        yield Fact(
            "cases-to-verify",
            reverse("caselog:verification_queue"),
            count=count,
            # Each case is expected verified within the window; the oldest sets the date.
            due=oldest + dt.timedelta(days=settings.HOME_UNVERIFIED_DAYS),
            detail=f"Oldest first: the oldest was performed on {_day(oldest)}.",
        )
    period = milestone_core.period_of(today)
    due = list(milestones.evaluations_due(user, period))
    yield Fact(
        "evaluations-due",
        reverse("milestones:index"),
        count=len(due),
        due=period.end,
        soon_days=30,
        detail=f"{period.label}: " + _names([_name(resident) for resident in due]),
    )


# Directors and coordinators ----------------------------------------------------------------


def _cohort(user: User, today: dt.date) -> Iterator[Fact]:
    behind = [row for row in progress.cohort(user, as_of=today) if row.behind]
    yield Fact(
        "residents-behind",
        reverse("caselog:cohort"),
        count=len(behind),
        detail=_names([_name(row.trainee) for row in behind]),
    )
    late = caselog.unverified_by_supervisor(user, older_than=unverified_cutoff(today))
    yield Fact(
        "cases-unverified-by-faculty",
        reverse("caselog:cohort"),
        count=sum(item.count for item in late),
        pressing=True,
        detail=f"More than {settings.HOME_UNVERIFIED_DAYS} days old: "
        + _names([f"{item.supervisor} {item.count}" for item in late]),
    )


def _program_hours(user: User) -> Iterator[Fact]:
    unjustified = [view for view in workhours.report_violations(user) if not view.justified]
    yield Fact(
        "violations-unjustified-program",
        reverse("workhours:violations"),
        count=len(unjustified),
        pressing=True,
        detail=_names(sorted({_name(view.resident) for view in unjustified})),
    )


def _committee(user: User, today: dt.date) -> Iterator[Fact]:
    period = milestone_core.period_of(today)
    missing = list(milestones.committee_evaluations_missing(user, period))
    yield Fact(
        "committee-evaluations-missing",
        reverse("milestones:index"),
        count=len(missing),
        due=period.end,
        soon_days=30,
        detail=f"{period.label}: " + _names([_name(resident) for resident in missing]),
    )


def _match(user: User, today: dt.date) -> Iterator[Fact]:
    year = applications.current_match_year(today)
    season = applications.season(year)
    deadline = season.certification_deadline
    if deadline is not None and deadline >= today:
        tracks = applications.uncertified_program_lists(user, year)
        yield Fact(
            "program-rank-lists",
            reverse("applications:program_lists"),
            count=len(tracks),
            due=deadline,
            soon_days=30,
            detail=f"Certify by {_day(deadline)} for the {year} match: "
            + _names([track.label for track in tracks]),
        )
    if season.match_day is not None and season.match_day >= today:
        yield Fact(
            "match-day",
            reverse("match:rounds"),
            title=f"Match Day {year}",
            due=season.match_day,
            informational=True,
            detail="Run a practice round on your programs' lists before then.",
        )


def _annual_update(user: User, today: dt.date) -> Iterator[Fact]:
    if scholarship.programs_for_export(user).exists():
        yield Fact(
            "annual-update",
            reverse("scholarship:export"),
            title="Scholarly activity for the accreditation annual update",
            informational=True,
            detail="Export your residents' publications, presentations and projects as a "
            "spreadsheet.",
        )


def leader_facts(user: User, today: dt.date) -> Iterator[Fact]:
    yield from _cohort(user, today)
    if workhours.may_see_hours_report(user):
        yield from _program_hours(user)
    yield from _committee(user, today)
    yield from _match(user, today)
    yield from _annual_update(user, today)


def director_facts(user: User, today: dt.date) -> Iterator[Fact]:
    # A director also supervises cases and may be assigned to evaluate residents.
    yield from faculty_facts(user, today)
    yield from leader_facts(user, today)


# Students and applicants -------------------------------------------------------------------


def student_facts(user: User, today: dt.date) -> Iterator[Fact]:
    year = applications.current_match_year(today)
    season = applications.season(year)
    deadline = season.certification_deadline
    rank_list = applications.rank_list_of(user, year)
    ranking = (
        rank_list is not None
        or applications.applications_of(user)
        .filter(status__in=("interview_invited", "interviewed", "ranked"))
        .exists()
    )
    certify = (
        ranking
        and deadline is not None
        and deadline >= today
        and not (rank_list is not None and rank_list.certified)
    )
    events = applications.season_events_ahead(today)
    if certify:
        # The rank list's own item says when to certify it.
        events = [event for event in events if (event.until or event.date) != deadline]
    for event in events[:2]:
        yield Fact(
            "season-deadline",
            reverse("applications:tracker"),
            title=event.name,
            due=event.date if event.date >= today else (event.until or event.date),
            soon_days=30,
            detail=event.note,
        )
    interviews = list(applications.interviews_ahead(user, today))
    if interviews:
        yield Fact(
            "interviews",
            reverse("applications:tracker"),
            count=len(interviews),
            due=interviews[0].interview_date,
            detail=_names(
                [
                    f"{item.program.name} ({_day(item.interview_date)})"
                    for item in interviews
                    if item.interview_date is not None
                ]
            ),
        )
    if certify and deadline is not None:
        yield Fact(
            "rank-list",
            reverse("applications:rank_list"),
            due=deadline,
            soon_days=30,
            detail=f"Certify it by {_day(deadline)} for the {year} match.",
        )
    if not pathways.plans_of(user).exists():
        yield Fact(
            "plan",
            reverse("pathways:planner"),
            detail="Compare the pathways into IR and keep a dated plan to board certification.",
        )


# Diplomates and employers ------------------------------------------------------------------

#: Where each continuing-certification part is acted on.
PART_PAGES = {"ola": "certification:ola", "cme": "certification:cme", "pqi": "certification:pqi"}


def diplomate_facts(user: User, today: dt.date) -> Iterator[Fact]:
    status = certification.certification_status(user, today)
    for part in status.parts:
        if part.status not in (certification_parts.BEHIND, certification_parts.DUE_SOON):
            continue
        yield Fact(
            "certification-part",
            reverse(PART_PAGES.get(part.key, "certification:dashboard")),
            title=f"{part.name}: {part.status_label.lower()}",
            due=part.due,
            pressing=part.status == certification_parts.BEHIND,
            soon_days=certification_parts.DUE_SOON_DAYS,
            detail=part.note or f"{part.done:g} of {part.required:g} done.",
        )
    yield from _licences(user, today)


def employer_facts(user: User, today: dt.date) -> Iterator[Fact]:
    if not careers.may_post_jobs(user):
        return
    open_postings = careers.postings_of(user).filter(is_open=True)
    count = open_postings.count()
    if count == 0:
        yield Fact(
            "no-postings",
            reverse("careers:job_create"),
            detail="You have no open position on the jobs board.",
        )
        return
    started = open_postings.filter(start_date__lt=today).count()
    if started:
        yield Fact(
            "postings-started",
            reverse("careers:my_postings"),
            title=f"{started} open posting{'s' if started != 1 else ''} past the start date",
            count=started,
            pressing=True,
            detail="Close a position once it is filled, or change its start date.",
        )
    yield Fact(
        "postings",
        reverse("careers:my_postings"),
        count=count,
        informational=True,
        detail="Open on the jobs board.",
    )


FACTS_BY_ROLE: dict[str, Callable[[User, dt.date], Iterator[Fact]]] = {
    Role.RESIDENT: resident_facts,
    Role.FACULTY: faculty_facts,
    Role.DIRECTOR: director_facts,
    Role.COORDINATOR: leader_facts,
    Role.STUDENT: student_facts,
    Role.DIPLOMATE: diplomate_facts,
    Role.EMPLOYER: employer_facts,
}


def todo_of(user: User, *, today: dt.date | None = None) -> list[TodoItem]:
    """The user's own to-do list, most urgent first (empty for an inactive account)."""
    if not access.is_active_user(user):
        return []
    today = today or timezone.localdate()
    facts = FACTS_BY_ROLE.get(user.role)
    return todo_list(facts(user, today) if facts else (), today=today)
