"""Reads: the jobs board, who may edit a posting, saved jobs, pay figures and events.

The one place that decides what a user may see here: postings that are open
are public; an employer sees and edits only their own postings (403 for
someone else's, 404 for a closed one that is not theirs); saved jobs and
their notes are their owner's alone (404 for anyone else's).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from seldinger.accounts import selectors as access
from seldinger.accounts.models import Role, User
from seldinger.accounts.requests import AnyUser
from seldinger.careers import community, pay
from seldinger.careers.models import CommunityEvent, JobPosting, SavedJob
from seldinger.lookups import one_or_404, owned_by
from seldinger.rules import default_parameters


@dataclass(frozen=True)
class JobFilters:
    setting: str = ""
    subspecialty: str = ""
    state: str = ""
    min_salary: int | None = None
    text: str = ""


def search_postings(filters: JobFilters) -> QuerySet[JobPosting]:
    """Open postings matching every given filter, newest first.

    ``min_salary``: the posting's range reaches it (its top, or its floor
    when it gives no top); postings without a salary are left out.
    """
    postings = JobPosting.objects.filter(is_open=True)
    if filters.setting:
        postings = postings.filter(setting=filters.setting)
    if filters.subspecialty:
        postings = postings.filter(subspecialty=filters.subspecialty)
    if filters.state:
        postings = postings.filter(state__iexact=filters.state.strip())
    if filters.min_salary is not None:
        postings = postings.annotate(salary_top=Coalesce("salary_max", "salary_min")).filter(
            salary_top__gte=filters.min_salary
        )
    text = filters.text.strip()
    if text:
        postings = postings.filter(
            Q(title__icontains=text)
            | Q(organisation__icontains=text)
            | Q(description__icontains=text)
            | Q(city__icontains=text)
        )
    return postings


def may_post_jobs(user: AnyUser) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and getattr(user, "role", None) == Role.EMPLOYER
    )


def get_posting(user: AnyUser, posting_id: int) -> JobPosting:
    """An open posting, or the user's own (even closed); Http404 otherwise."""
    posting = JobPosting.objects.filter(pk=posting_id).first()
    if posting is None:
        raise Http404("No such job posting.")
    if not posting.is_open and not _owns(user, posting):
        raise Http404("No such job posting.")
    return posting


def get_own_posting(user: User, posting_id: int) -> JobPosting:
    """The user's own posting to edit: 404 if it is not there, 403 if it is someone else's."""
    posting = get_posting(user, posting_id)
    if not _owns(user, posting):
        raise PermissionDenied("Only the employer who posted this job may change it.")
    return posting


def _owns(user: AnyUser, posting: JobPosting) -> bool:
    return bool(getattr(user, "is_authenticated", False) and posting.employer_id == user.pk)


def postings_of(user: User) -> QuerySet[JobPosting]:
    """An employer's own postings, open and closed."""
    return owned_by(JobPosting, user, owner="employer")


def saved_jobs_of(user: AnyUser) -> QuerySet[SavedJob]:
    """A user's own saved jobs; nobody sees another person's."""
    return owned_by(SavedJob, user).select_related("posting")


def get_saved_job(user: User, saved_id: int) -> SavedJob:
    return one_or_404(saved_jobs_of(user), "No such saved job.", pk=saved_id)


def saved_job_for(user: AnyUser, posting: JobPosting) -> SavedJob | None:
    return saved_jobs_of(user).filter(posting=posting).first()


def pay_overview() -> pay.PayOverview:
    return pay.pay_overview(default_parameters())


def membership_types() -> tuple[pay.MembershipType, ...]:
    return pay.membership_types(default_parameters())


def personas_of(user: AnyUser, *, today: dt.date) -> frozenset[str]:
    if not isinstance(user, User):  # not logged in
        return frozenset()
    ends = access.trainee_end_dates(user)
    return community.personas_for(str(user.role), ends, today)


def events_for(user: AnyUser, *, today: dt.date, show_all: bool = False) -> list[CommunityEvent]:
    """Upcoming events (not yet over) for the user's personas.

    Everyone sees every event with ``show_all``; so do visitors, admins and
    employers, who belong to no audience.
    """
    events = CommunityEvent.objects.filter(
        Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    )
    personas = personas_of(user, today=today)
    if show_all or not personas:
        return list(events)
    return [event for event in events if community.is_for(event.audiences, personas)]
