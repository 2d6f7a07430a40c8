from django.urls import path

from seldinger.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("compare/", views.compare, name="compare"),
    path("weights/", views.save_weights, name="save_weights"),
    path("export.csv", views.export, name="export"),
    path("import/", views.import_programs, name="import"),
    path("<str:acgme_id>/", views.detail, name="detail"),
    path("<str:acgme_id>/edit/", views.edit, name="edit"),
]
