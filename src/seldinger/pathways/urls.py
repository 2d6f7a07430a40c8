from django.urls import path

from seldinger.pathways import views

app_name = "pathways"
urlpatterns = [
    path("", views.planner, name="planner"),
    path("save/", views.save, name="save"),
    path("mine/", views.saved_plans, name="saved_plans"),
    path("mine/<int:plan_id>/", views.saved_plan, name="saved_plan"),
    path("mine/<int:plan_id>/delete/", views.delete, name="delete"),
]
