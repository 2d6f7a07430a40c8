"""The site's addresses plus the floor page of ``bench/load.py`` (see ``load_site``)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

FLOOR_PATH = "/bench-floor/"


@login_required
def floor(request: Any) -> Any:
    return render(request, "base.html", {})


urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor),
    path("", include("seldinger.urls")),
]
