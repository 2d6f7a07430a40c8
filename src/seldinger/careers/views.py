"""Thin views for jobs, pay and careers, and community: parse, call selectors/services, render."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.careers import community, pay, selectors, services
from seldinger.careers.forms import JobPostingForm, JobSearchForm, SavedJobForm
from seldinger.careers.models import JobPosting
from seldinger.web.pages import done, partial_or_page, post_action, render_form, submitted, values
from seldinger.web.routes import Routes

routes = Routes()


PER_PAGE = 10


@routes.page("jobs/", name="job_board", public=True)
def job_board(request: HttpRequest) -> HttpResponse:
    form = JobSearchForm(request.GET or None)
    postings = selectors.search_postings(form.filters())
    page = Paginator(postings, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "page_query": query.urlencode(),
        "may_post": selectors.may_post_jobs(request.user),
        "saved_ids": set(
            selectors.saved_jobs_of(request.user).values_list("posting_id", flat=True)
        ),
    }
    template = partial_or_page(request, "careers/_job_results.html", "careers/job_board.html")
    return render(request, template, context)


@routes.page("jobs/<int:pk>/", name="job_detail", public=True)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = selectors.get_posting(request.user, pk)
    saved = selectors.saved_job_for(request.user, posting)
    return render(
        request,
        "careers/job_detail.html",
        {
            "posting": posting,
            "saved": saved,
            "is_own": posting.employer_id == request.user.pk,
        },
    )


@routes.page("jobs/new/", name="job_create")
def job_create(request: AuthedRequest) -> HttpResponse:
    if not selectors.may_post_jobs(request.user):
        raise PermissionDenied("Only employers post jobs.")
    form = JobPostingForm(request.POST or None)
    saved = submitted(
        request,
        form,
        lambda: services.create_posting(
            employer=request.user, **values(form, JobPostingForm.Meta.fields)
        ),
    )
    if saved:
        posting = saved.value
        return done(request, f"Job posted: {posting.title}", "careers:job_detail", pk=posting.pk)
    return render_form(request, "careers/job_form.html", {"form": form, "posting": None})


@routes.page("jobs/<int:pk>/edit/", name="job_edit")
def job_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    posting = selectors.get_own_posting(request.user, pk)
    form = JobPostingForm(request.POST or None, instance=JobPosting.objects.get(pk=posting.pk))
    if submitted(
        request,
        form,
        lambda: services.update_posting(
            actor=request.user, posting=posting, **values(form, JobPostingForm.Meta.fields)
        ),
    ):
        return done(request, "Job posting saved.", "careers:job_detail", pk=posting.pk)
    return render_form(request, "careers/job_form.html", {"form": form, "posting": posting})


@routes.page("jobs/<int:pk>/delete/", name="job_delete")
@post_action("Job posting deleted.", "careers:my_postings")
def job_delete(request: AuthedRequest, pk: int) -> None:
    posting = selectors.get_own_posting(request.user, pk)
    services.delete_posting(actor=request.user, posting=posting)


@routes.page("jobs/mine/", name="my_postings")
def my_postings(request: AuthedRequest) -> HttpResponse:
    if not selectors.may_post_jobs(request.user):
        raise PermissionDenied("Only employers post jobs.")
    return render(
        request, "careers/my_postings.html", {"postings": selectors.postings_of(request.user)}
    )


@routes.page("jobs/<int:pk>/save/", name="save_job")
@require_POST
def save_job(request: AuthedRequest, pk: int) -> HttpResponse:
    posting = selectors.get_posting(request.user, pk)
    saved = services.save_job(owner=request.user, posting=posting)
    return done(request, f"Saved: {posting.title}", "careers:saved_job", pk=saved.pk)


@routes.page("saved/", name="saved_jobs")
def saved_jobs(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "careers/saved_jobs.html", {"saved_jobs": selectors.saved_jobs_of(request.user)}
    )


@routes.page("saved/<int:pk>/", name="saved_job")
def saved_job(request: AuthedRequest, pk: int) -> HttpResponse:
    saved = selectors.get_saved_job(request.user, pk)
    form = SavedJobForm(request.POST or None, instance=saved)
    if submitted(
        request,
        form,
        lambda: services.update_saved_job(
            actor=request.user,
            saved=selectors.get_saved_job(request.user, pk),
            status=form.cleaned_data["status"],
            notes=form.cleaned_data["notes"],
        ),
    ):
        return done(request, "Saved job updated.", "careers:saved_jobs")
    return render_form(request, "careers/saved_job.html", {"saved": saved, "form": form})


@routes.page("saved/<int:pk>/remove/", name="saved_job_remove")
@post_action("Removed from your saved jobs.", "careers:saved_jobs")
def saved_job_remove(request: AuthedRequest, pk: int) -> None:
    saved = selectors.get_saved_job(request.user, pk)
    services.remove_saved_job(actor=request.user, saved=saved)


@routes.page("", name="overview", public=True)
def overview(request: HttpRequest) -> HttpResponse:
    figures = selectors.pay_overview()
    return render(
        request,
        "careers/overview.html",
        {
            "figures": figures,
            "chart": pay.chart_data(figures),
            "settings": JobPosting.Setting.choices,
        },
    )


@routes.page("community/", name="community", public=True)
def community_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    personas = selectors.personas_of(request.user, today=today)
    return render(
        request,
        "careers/community.html",
        {
            "events": selectors.events_for(request.user, today=today, show_all=show_all),
            "show_all": show_all,
            "personas": [community.AUDIENCE_LABELS[key] for key in sorted(personas)],
            "has_personas": bool(personas),
            "membership_types": selectors.membership_types(),
        },
    )
