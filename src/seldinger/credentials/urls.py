from django.urls import path

from seldinger.credentials import views

app_name = "credentials"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("new/", views.add, name="add"),
    path("<int:credential_id>/", views.edit, name="edit"),
    path("<int:credential_id>/delete/", views.delete, name="delete"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/regenerate/", views.regenerate, name="regenerate"),
]
