from django.urls import path

from seldinger.milestones import views

app_name = "milestones"
urlpatterns = [
    path("", views.index, name="index"),
    path("residents/<int:resident_id>/", views.resident, name="resident"),
    path("residents/<int:resident_id>/evaluate/", views.evaluate, name="evaluate"),
    path("self-assessment/", views.self_assessment, name="self_assessment"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path(
        "self-assessments/<int:assessment_id>/",
        views.self_assessment_detail,
        name="self_assessment_detail",
    ),
    path("assignments/", views.assignments, name="assignments"),
    path(
        "assignments/<int:assignment_id>/remove/",
        views.remove_assignment,
        name="remove_assignment",
    ),
]
