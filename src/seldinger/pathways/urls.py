from django.urls import path

from seldinger.pathways import views

app_name = "pathways"
urlpatterns = [
    path("", views.planner, name="planner"),
    path("save/", views.save, name="save"),
    path("mine/", views.saved_plans, name="saved_plans"),
    path("training/", views.my_training, name="my_training"),
    path(
        "training/time-off/<int:time_off_id>/delete/", views.delete_time_off, name="delete_time_off"
    ),
    path("mine/<int:plan_id>/", views.saved_plan, name="saved_plan"),
    path("mine/<int:plan_id>/delete/", views.delete, name="delete"),
]
