from django.urls import path

from seldinger.applications import views

app_name = "applications"
urlpatterns = [
    # The tracker
    path("", views.tracker, name="tracker"),
    path("new/", views.application_create, name="application_create"),
    path("<int:application_id>/", views.application_edit, name="application_edit"),
    path("<int:application_id>/delete/", views.application_delete, name="application_delete"),
    path("checklist/", views.checklist, name="checklist"),
    # An applicant's rank order list
    path("rank-list/", views.rank_list, name="rank_list"),
    path("rank-list/add/", views.rank_list_add, name="rank_list_add"),
    path("rank-list/order/", views.rank_list_order, name="rank_list_order"),
    path("rank-list/certify/", views.rank_list_certify, name="rank_list_certify"),
    path(
        "rank-list/uncertify/",
        views.rank_list_certify,
        {"certify": False},
        name="rank_list_uncertify",
    ),
    path("rank-list/<int:entry_id>/move/", views.rank_list_move, name="rank_list_move"),
    path("rank-list/<int:entry_id>/remove/", views.rank_list_remove, name="rank_list_remove"),
    path(
        "rank-list/<int:entry_id>/supplemental/add/",
        views.supplemental_add,
        name="supplemental_add",
    ),
    path(
        "rank-list/<int:entry_id>/supplemental/order/",
        views.supplemental_order,
        name="supplemental_order",
    ),
    path(
        "rank-list/supplemental/<int:item_id>/move/",
        views.supplemental_move,
        name="supplemental_move",
    ),
    path(
        "rank-list/supplemental/<int:item_id>/remove/",
        views.supplemental_remove,
        name="supplemental_remove",
    ),
    # Couples
    path("couple/", views.couple, name="couple"),
    path("couple/invite/", views.couple_invite, name="couple_invite"),
    path("couple/<int:couple_id>/accept/", views.couple_accept, name="couple_accept"),
    path("couple/<int:couple_id>/leave/", views.couple_leave, name="couple_leave"),
    path("couple/pairs/add/", views.pair_add, name="pair_add"),
    path("couple/pairs/order/", views.pair_order, name="pair_order"),
    path("couple/pairs/<int:entry_id>/move/", views.pair_move, name="pair_move"),
    path("couple/pairs/<int:entry_id>/remove/", views.pair_remove, name="pair_remove"),
    path("couple/certify/", views.couple_certify, name="couple_certify"),
    path("couple/uncertify/", views.couple_certify, {"certify": False}, name="couple_uncertify"),
    # Programs' rank order lists (directors and coordinators)
    path("programs/", views.program_lists, name="program_lists"),
    path(
        "programs/entries/<int:entry_id>/move/",
        views.program_entry_move,
        name="program_entry_move",
    ),
    path(
        "programs/entries/<int:entry_id>/remove/",
        views.program_entry_remove,
        name="program_entry_remove",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/",
        views.program_rank_list,
        name="program_rank_list",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/add/",
        views.program_rank_list_add,
        name="program_rank_list_add",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/order/",
        views.program_rank_list_order,
        name="program_rank_list_order",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/certify/",
        views.program_rank_list_certify,
        name="program_rank_list_certify",
    ),
    path(
        "programs/<str:acgme_id>/<str:track>/uncertify/",
        views.program_rank_list_certify,
        {"certify": False},
        name="program_rank_list_uncertify",
    ),
]
