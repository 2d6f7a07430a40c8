from django.urls import path

from seldinger.scholarship import views

app_name = "scholarship"
urlpatterns = [
    path("", views.home, name="home"),
    path("residents/<int:trainee_id>/", views.resident, name="resident"),
    path("residents/<int:trainee_id>/notes/", views.add_note, name="add_note"),
    path("notes/<int:note_id>/", views.edit_note, name="edit_note"),
    path("notes/<int:note_id>/delete/", views.delete_note, name="delete_note"),
    path("mentors/", views.mentors, name="mentors"),
    path("mentors/<int:mentorship_id>/end/", views.end_mentorship, name="end_mentorship"),
    path("export/", views.export_page, name="export"),
    path("<slug:kind>/new/", views.add_activity, name="add"),
    path("<slug:kind>/<int:activity_id>/", views.edit_activity, name="edit"),
    path("<slug:kind>/<int:activity_id>/delete/", views.delete_activity, name="delete"),
]
