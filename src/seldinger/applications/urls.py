from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from seldinger.applications import (
    views_couple,
    views_programs,
    views_rank_list,
    views_tracker,
)

app_name = "applications"


def certification(route: str, view: Callable[..., HttpResponse], name: str) -> list[URLPattern]:
    """A list's certify and uncertify addresses: one view, told which by ``certify``."""
    return [
        path(f"{route}certify/", view, name=f"{name}_certify"),
        path(f"{route}uncertify/", view, {"certify": False}, name=f"{name}_uncertify"),
    ]


urlpatterns = [
    # The tracker
    path("", views_tracker.tracker, name="tracker"),
    path("new/", views_tracker.application_create, name="application_create"),
    path("<int:application_id>/", views_tracker.application_edit, name="application_edit"),
    path(
        "<int:application_id>/delete/", views_tracker.application_delete, name="application_delete"
    ),
    path("checklist/", views_tracker.checklist, name="checklist"),
    # An applicant's rank order list
    path("rank-list/", views_rank_list.rank_list, name="rank_list"),
    path("rank-list/add/", views_rank_list.rank_list_add, name="rank_list_add"),
    path("rank-list/order/", views_rank_list.rank_list_order, name="rank_list_order"),
    *certification("rank-list/", views_rank_list.rank_list_certify, "rank_list"),
    path("rank-list/<int:entry_id>/move/", views_rank_list.rank_list_move, name="rank_list_move"),
    path(
        "rank-list/<int:entry_id>/remove/",
        views_rank_list.rank_list_remove,
        name="rank_list_remove",
    ),
    path(
        "rank-list/<int:entry_id>/supplemental/add/",
        views_rank_list.supplemental_add,
        name="supplemental_add",
    ),
    path(
        "rank-list/<int:entry_id>/supplemental/order/",
        views_rank_list.supplemental_order,
        name="supplemental_order",
    ),
    path(
        "rank-list/supplemental/<int:item_id>/move/",
        views_rank_list.supplemental_move,
        name="supplemental_move",
    ),
    path(
        "rank-list/supplemental/<int:item_id>/remove/",
        views_rank_list.supplemental_remove,
        name="supplemental_remove",
    ),
    # Couples
    path("couple/", views_couple.couple, name="couple"),
    path("couple/invite/", views_couple.couple_invite, name="couple_invite"),
    path("couple/<int:couple_id>/accept/", views_couple.couple_accept, name="couple_accept"),
    path("couple/<int:couple_id>/leave/", views_couple.couple_leave, name="couple_leave"),
    path("couple/pairs/add/", views_couple.pair_add, name="pair_add"),
    path("couple/pairs/order/", views_couple.pair_order, name="pair_order"),
    path("couple/pairs/<int:entry_id>/move/", views_couple.pair_move, name="pair_move"),
    path("couple/pairs/<int:entry_id>/remove/", views_couple.pair_remove, name="pair_remove"),
    *certification("couple/", views_couple.couple_certify, "couple"),
    # Programs' rank order lists (directors and coordinators)
    path("programs/", views_programs.program_lists, name="program_lists"),
    path(
        "programs/entries/<int:entry_id>/move/",
        views_programs.program_entry_move,
        name="program_entry_move",
    ),
    path(
        "programs/entries/<int:entry_id>/remove/",
        views_programs.program_entry_remove,
        name="program_entry_remove",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/",
        views_programs.program_rank_list,
        name="program_rank_list",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/add/",
        views_programs.program_rank_list_add,
        name="program_rank_list_add",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/order/",
        views_programs.program_rank_list_order,
        name="program_rank_list_order",
    ),
    *certification(
        "programs/<str:acgme_id>/<str:track>/",
        views_programs.program_rank_list_certify,
        "program_rank_list",
    ),
]
