from django.contrib import admin
from django.urls import include, path

from seldinger.api import api

urlpatterns = [
    path("", include("seldinger.web.urls")),
    path("home/", include("seldinger.home.urls")),
    path("plan/", include("seldinger.pathways.urls")),
    path("cases/", include("seldinger.caselog.urls")),
    path("programs/", include("seldinger.programs.urls")),
    path("applications/", include("seldinger.applications.urls")),
    path("match/", include("seldinger.match.urls")),
    path("certification/", include("seldinger.certification.urls")),
    path("careers/", include("seldinger.careers.urls")),
    path("hours/", include("seldinger.workhours.urls")),
    path("schedule/", include("seldinger.scheduling.urls")),
    path("scholarship/", include("seldinger.scholarship.urls")),
    path("milestones/", include("seldinger.milestones.urls")),
    path("dose/", include("seldinger.dose.urls")),
    # The feed keeps the address calendar apps subscribed to.
    path("credentials/feed/", include("seldinger.calendar_feed.urls")),
    path("credentials/", include("seldinger.credentials.urls")),
    path("accounts/", include("seldinger.accounts.urls")),
    path("accounts/", include("seldinger.people.urls")),
    path("accounts/", include("seldinger.mfa.urls")),
    path("accounts/passkeys/", include("seldinger.mfa.passkeys")),
    path("sso/", include("seldinger.sso.urls")),
    path("reports/", include("seldinger.reports.urls")),
    path("acgme/", include("seldinger.acgme.urls")),
    path("jobs/", include("seldinger.jobs.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler400 = "seldinger.web.views.bad_request"
handler403 = "seldinger.web.views.forbidden"
handler404 = "seldinger.web.views.not_found"
handler500 = "seldinger.web.views.server_error"
