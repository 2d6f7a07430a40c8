"""The director's reports as downloads: ``/reports/<report>.<csv|xlsx|pdf>?from=...&to=...``.

Thin: who may have which report and its figures come from ``selectors``; the file from
``seldinger.reporting``. A report on more residents than ``JOB_REPORT_RESIDENTS`` is
written by a background job: the link shows what it will do and a button, whose POST
starts it (a link never starts a job by itself).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seldinger.accounts.requests import AuthedRequest
from seldinger.errors import Invalid
from seldinger.jobs.offer import JobOffer
from seldinger.reporting import CONTENT_TYPES, FORMATS, period_from, write
from seldinger.reports import jobs, selectors
from seldinger.reports.files import filename
from seldinger.web.pages import attachment
from seldinger.web.routes import Routes

routes = Routes()


@require_http_methods(["GET", "POST"])
def report(request: AuthedRequest, kind: str, fmt: str) -> HttpResponse:
    viewer = request.user
    if not selectors.may_have(viewer, kind):
        raise PermissionDenied(
            f"The {selectors.KINDS[kind].title.lower()} report is for the directors and "
            "coordinators of a program."
        )
    today = timezone.localdate()
    try:
        period = period_from(request.GET.get("from"), request.GET.get("to"), today=today)
    except Invalid as error:
        return render(request, "reports/refused.html", {"message": error.message}, status=400)
    residents = selectors.resident_count(viewer, kind, period)
    if residents <= settings.JOB_REPORT_RESIDENTS:
        built = selectors.build(viewer, kind, period)
        return attachment(
            write(built, fmt, generated=today), CONTENT_TYPES[fmt], filename(kind, fmt, period)
        )
    if request.method == "POST":
        job = jobs.start_report(actor=viewer, kind=kind, fmt=fmt, period=period)
        return redirect("jobs:detail", job_id=job.pk)
    title = selectors.KINDS[kind].title
    offer = JobOffer(
        heading=f"{title}: {residents:,} residents as {fmt.upper()}",
        reason=(
            f"A report on more than {settings.JOB_REPORT_RESIDENTS:,} residents is written "
            "in the background, with a progress bar, and offered for download when it is ready."
        ),
        button=f"Write the {fmt.upper()} file",
        action=request.get_full_path(),
    )
    return render(request, "reports/start.html", {"job_start": offer, "period": period})


# One address per report and format, reversed as {% url 'reports:report' kind=... fmt=... %}.
for _kind in selectors.KINDS:
    for _fmt in FORMATS:
        routes.page(f"{_kind}.{_fmt}", name="report", kwargs={"kind": _kind, "fmt": _fmt})(report)
