"""The applications' URLs: each views module declares its own pages."""

from seldinger.applications import views_couple, views_programs, views_rank_list, views_tracker

app_name = "applications"
urlpatterns = [
    *views_tracker.routes.urlpatterns,
    *views_rank_list.routes.urlpatterns,
    *views_couple.routes.urlpatterns,
    *views_programs.routes.urlpatterns,
]
