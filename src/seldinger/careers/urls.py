from django.urls import path

from seldinger.careers import views

app_name = "careers"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("community/", views.community_page, name="community"),
    path("jobs/", views.job_board, name="job_board"),
    path("jobs/new/", views.job_create, name="job_create"),
    path("jobs/mine/", views.my_postings, name="my_postings"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/delete/", views.job_delete, name="job_delete"),
    path("jobs/<int:pk>/save/", views.save_job, name="save_job"),
    path("saved/", views.saved_jobs, name="saved_jobs"),
    path("saved/<int:pk>/", views.saved_job, name="saved_job"),
    path("saved/<int:pk>/remove/", views.saved_job_remove, name="saved_job_remove"),
]
